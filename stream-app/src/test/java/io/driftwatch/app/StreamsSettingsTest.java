package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** Driftwatch's own Streams defaults (commit interval, the record size wide models need), and the user's settings winning over them. */
class StreamsSettingsTest {

    @Test
    void commitsEveryHalfSecondUnlessTheUserSaysOtherwise() {
        assertThat(StreamsSettings.of(DriftwatchConfig.from(Map.of("bootstrap.servers", "localhost:9092")))
            .get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("500");
        assertThat(StreamsSettings.of(DriftwatchConfig.from(Map.of("bootstrap.servers", "localhost:9092",
            "kafka.commit.interval.ms", "100"))).get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("100");
    }

    @Test
    void theProducerAndTheInternalTopicsTakeRecordsUpTo16MiBUnlessTheUserSaysOtherwise() {
        Properties defaults = StreamsSettings.of(DriftwatchConfig.from(Map.of("bootstrap.servers", "localhost:9092")));
        assertThat(new StreamsConfig(defaults).getProducerConfigs("client").get("max.request.size")).isEqualTo("16777216");
        assertThat(defaults.get("topic.max.message.bytes")).isEqualTo("16777216");

        // Kafka Streams lets a producer.-prefixed setting win over an unprefixed one: ours must then step aside.
        Properties unprefixed = StreamsSettings.of(DriftwatchConfig.from(Map.of("bootstrap.servers", "localhost:9092",
            "kafka.max.request.size", "2097152")));
        assertThat(new StreamsConfig(unprefixed).getProducerConfigs("client").get("max.request.size")).isEqualTo("2097152");
        Properties prefixed = StreamsSettings.of(DriftwatchConfig.from(Map.of("bootstrap.servers", "localhost:9092",
            "kafka.producer.max.request.size", "4194304",
            "kafka.topic.max.message.bytes", "4194304")));
        assertThat(new StreamsConfig(prefixed).getProducerConfigs("client").get("max.request.size")).isEqualTo("4194304");
        assertThat(prefixed.get("topic.max.message.bytes")).isEqualTo("4194304");
    }
}
