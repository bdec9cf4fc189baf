package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** The settings of the topics Driftwatch creates. */
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
}
