package io.driftwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KafkaMetricsSubsetTest {

    @Test
    void everyMetricShownByDefaultIsInTheCatalogue() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "metrics.md"));
        assertThat(KafkaMetricsSubset.SHOWN).allSatisfy(name ->
            assertThat(doc).containsAnyOf("`" + name + "`", "`" + name + "_total`"));
    }

    @Test
    void onlyKafkaMetersOutsideTheSubsetAreDenied() {
        assertThat(reply("kafka.stream.thread.process.total")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.consumer.fetch.manager.records.lag.max")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.consumer.fetch.manager.fetch.latency.avg")).isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.producer.record.send.rate")).isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("driftwatch.events.accepted")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("jvm.memory.used")).isEqualTo(MeterFilterReply.NEUTRAL);
    }

    private static MeterFilterReply reply(String name) {
        return KafkaMetricsSubset.filter().accept(new Meter.Id(name, Tags.empty(), null, null, Meter.Type.GAUGE));
    }
}
