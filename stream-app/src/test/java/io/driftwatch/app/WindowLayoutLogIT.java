package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.profile.WindowLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The window-layout log against a real broker, on a topic someone else created compacted and with a week's
 * retention (a script that makes every internal topic, say): start-up says which settings would lose the history,
 * a change is written and agreed on, and a second log's reader (another instance) agrees on the same layout.
 */
class WindowLayoutLogIT {

    private static final long NOW = 1_765_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aTopicThatWouldLoseTheHistoryIsNamedAndTheLayoutIsAgreedAllTheSame() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(WindowLayoutLog.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(List.of(new NewTopic("made-by-script-window-layout", Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.RETENTION_MS_CONFIG, "604800000")))).all().get();
            }
            WindowLayout first;
            try (WindowLayoutLog log = new WindowLayoutLog(client, client, "made-by-script")) {
                first = log.agree(Duration.ofMinutes(5), NOW).current();
            }
            assertThat(first).isEqualTo(WindowLayout.of(Duration.ofMinutes(5)));
            assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("made-by-script-window-layout has")
                    .contains("cleanup.policy=compact").contains("retention.ms=604800000"));

            WindowLayout changed;
            try (WindowLayoutLog log = new WindowLayoutLog(client, client, "made-by-script")) {
                changed = log.agree(Duration.ofMinutes(1), NOW).current();
            }
            assertThat(changed).isEqualTo(first.changedTo(60_000, NOW));
            try (WindowLayoutLog other = new WindowLayoutLog(client, client, "made-by-script")) {
                assertThat(other.agree(Duration.ofMinutes(1), NOW + 1_000).current()).as("another instance, later")
                    .isEqualTo(changed);
            }
        } finally {
            logger.detachAppender(appender);
        }
    }
}
