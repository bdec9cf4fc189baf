package io.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.LoggerFactory;

/** {@code window.max.lead} at or above the grace is allowed, with a warning that says what it costs. */
@Isolated // its appender would also see the warnings of configurations other classes build meanwhile
class MaxLeadWarningTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(DriftwatchConfig.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    @Test
    void aLeadAtOrAboveTheGraceIsAllowedWithAWarning() {
        DriftwatchConfig config = DriftwatchConfig.from(Map.of("window.grace", "10s", "window.max.lead", "10s"));
        assertThat(config.windows().maxLead()).isEqualTo(Duration.ofSeconds(10));
        assertThat(warnings()).singleElement().asString()
            .contains("window.max.lead=10000 ms is not below window.grace=10000 ms");
    }

    @Test
    void theDefaultLeadAndNoLeadGiveNoWarning() {
        assertThat(DriftwatchConfig.from(Map.of()).windows().maxLead()).isEqualTo(Duration.ofSeconds(5));
        DriftwatchConfig.from(Map.of("window.grace", "0s", "window.max.lead", "0s"));
        assertThat(warnings()).isEmpty();
    }

    private List<String> warnings() {
        return appender.list.stream().filter(e -> e.getFormattedMessage().contains("window.max.lead"))
            .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
