package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** The settings of the topics Driftwatch creates. */
@ResourceLock(Resources.SYSTEM_OUT) // it or the broker it starts replaces System.out for a while
class TopicProvisionerTest {

    @Test
    void everyTopicWhoseRecordsHoldAWholeReportOrProfileTakesTheProducersRecordSize() {
        DriftwatchConfig.TopicNames topics = DriftwatchConfig.from(Map.of()).topics();
        Map<String, Map<String, String>> plan = TopicProvisioner.plan(topics);
        String limit = Integer.toString(DriftwatchConfig.Formats.DEFAULT_MAX_REQUEST_SIZE);
        // The audit chain embeds each window report: a refused record would leave a gap in it.
        for (String topic : new String[] {topics.baselines(), topics.windowReports(), topics.audit(), topics.deadLetter()}) {
            assertThat(plan.get(topic)).as(topic).containsEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, limit);
        }
        assertThat(plan.get(topics.audit())).containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1")
            .containsEntry(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
    }

    /**
     * The Alertmanager sink learns what fires by reading the alerts topic from its start: an alert that has fired for
     * longer than a retention would be forgotten at the sink's next restart, and resolved in Alertmanager.
     */
    @Test
    void theAlertsTopicKeepsEveryTransitionFor90DaysAndEachAlertsLatestOneForever() {
        DriftwatchConfig.TopicNames topics = DriftwatchConfig.from(Map.of()).topics();
        assertThat(TopicProvisioner.plan(topics).get(topics.alerts()))
            .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
            .containsEntry(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(java.time.Duration.ofDays(90).toMillis()))
            .doesNotContainKey(TopicConfig.RETENTION_MS_CONFIG);
    }

    /**
     * A topic that exists is left as it is, and reported as it is: an audit topic made by hand with an
     * hour's retention was once printed with the planned retention of forever.
     */
    @Test
    void anExistingTopicIsReportedWithTheSettingsItHasAndHowTheyDiffer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
        throws Exception {
        DriftwatchConfig.TopicNames topics = DriftwatchConfig.from(Map.of()).topics();
        try (io.driftwatch.embedded.EmbeddedKafka kafka = io.driftwatch.embedded.EmbeddedKafka.start(dir);
             org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                 Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(topics.audit(), 1, (short) 1)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "3600000")))).all().get();

            var outcomes = new TopicProvisioner(admin).createAll(topics, 2, java.util.Optional.of((short) 1));
            var audit = outcomes.stream().filter(o -> o.topic().equals(topics.audit())).findFirst().orElseThrow();
            assertThat(audit.created()).isFalse();
            assertThat(audit.partitions()).isEqualTo(1);
            assertThat(audit.configs()).containsEntry(TopicConfig.RETENTION_MS_CONFIG, "3600000");
            assertThat(audit.differences()).containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .doesNotContainKey(TopicConfig.RETENTION_BYTES_CONFIG);
            var alerts = outcomes.stream().filter(o -> o.topic().equals(topics.alerts())).findFirst().orElseThrow();
            assertThat(alerts.created()).isTrue();
            assertThat(alerts.differences()).isEmpty();
        }
    }
}
