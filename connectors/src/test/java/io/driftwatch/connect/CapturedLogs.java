package io.driftwatch.connect;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything logged while it is open, as text (messages, arguments and exception chains), with
 * chosen loggers turned up to a level for the time being.
 */
final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final Map<Logger, Level> previousLevels = new HashMap<>();
    private final Logger root;

    CapturedLogs(Map<String, Level> levels) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        setContext(context);
        levels.forEach((name, level) -> {
            Logger logger = context.getLogger(name);
            previousLevels.put(logger, logger.getLevel());
            logger.setLevel(level);
        });
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        start();
        root.addAppender(this);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getLevel().toString()).append(' ')
                .append(event.getLoggerName()).append(" - ").append(event.getFormattedMessage());
        for (IThrowableProxy error = event.getThrowableProxy(); error != null; error = error.getCause()) {
            text.append(" | ").append(error.getClassName()).append(": ").append(error.getMessage());
        }
        lines.add(text.toString());
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    boolean contains(String text) {
        return lines().stream().anyMatch(line -> line.contains(text));
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
        previousLevels.forEach(Logger::setLevel);
    }
}
