package io.driftwatch.it;

import static io.driftwatch.it.MonitorMetrics.counter;
import static io.driftwatch.it.MonitorMetrics.scrapeWhen;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.json.PlainJson;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.schemas.json.OutcomeEventJsonCodec;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import io.driftwatch.topology.labels.PendingPredictionLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker refuses a record stamped more than {@code log.message.timestamp.after.max.ms} (an hour by default) ahead of
 * its own clock, and one refused write fails the task, which reads the same records again when it is replaced. Ingest
 * accepts events stamped up to a day ahead (a producer whose clock is wrong), so no record Driftwatch writes may take
 * its timestamp from such an event time: against a real broker, a shadow pair and its outcome stamped three hours
 * ahead, then an ordinary window of another model, which must be reported.
 */
class ClockAheadOutputsIT {

    @TempDir
    Path dir;

    @Test
    void aShadowPairAndItsOutcomeStampedHoursAheadStopNoWindowFromBeingReported() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            Map<String, String> settings = FastWindowMonitor.settings(kafka, "clock-ahead", dir.resolve("state"));
            settings.put("input.format", "json");
            settings.put("baseline.capture", "off");
            Instant ahead = Instant.now().plus(Duration.ofHours(3));
            long start = Math.floorDiv(System.currentTimeMillis() - 60_000, 5_000) * 5_000;
            settings.put("labels.horizon", horizonKeeping(start, ahead.toEpochMilli()).toDays() + "d");
            // One partition, so that every record below is read in the order it was sent.
            try (DriftwatchApp app = FastWindowMonitor.start(kafka, DriftwatchConfig.from(settings), 1)) {
                PredictionEventJsonCodec predictions = new PredictionEventJsonCodec();
                OutcomeEventJsonCodec outcomes = new OutcomeEventJsonCodec();
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TopicReader.producerProps(bootstrap),
                         new StringSerializer(), new ByteArraySerializer())) {
                    // An ordinary prediction first: the label join then keeps the primary below, stamped within the
                    // bucket of pending predictions it opened.
                    producer.send(new ProducerRecord<>("predictions", "f-first", predictions.encode(
                        prediction("fraud", "1", null, "f-first", Instant.ofEpochMilli(start), "0"))));
                    // A disagreeing shadow pair (pairing forwards it, stamped with the pair's time) and the primary's
                    // outcome (the label join forwards it to the pair, stamped with the prediction's time).
                    producer.send(new ProducerRecord<>("predictions", "p1", predictions.encode(
                        prediction("ranker", "1", "primary", "p1", ahead, "a"))));
                    producer.send(new ProducerRecord<>("predictions", "s1", predictions.encode(
                        prediction("ranker", "2", "shadow", "s1", ahead, "b"))));
                    producer.send(new ProducerRecord<>("outcomes", "p1", outcomes.encode(OutcomeEvent.newBuilder()
                        .setPredictionId("p1").setModelId("ranker").setEventTime(ahead).setLabel("a").build())));
                    for (int i = 0; i < 300; i++) {
                        producer.send(new ProducerRecord<>("predictions", "f" + i, predictions.encode(
                            prediction("fraud", "1", null, "f" + i, Instant.ofEpochMilli(start + i * 10L), "0"))));
                    }
                    producer.flush();
                }

                try (TopicReader reader = new TopicReader(bootstrap, "window-reports")) {
                    List<ConsumerRecord<byte[], byte[]>> reports = reader.awaitRecords(rs -> rs.stream()
                            .map(r -> PlainJson.read(r.value(), WindowReport.class))
                            .anyMatch(w -> w.getModelId().equals("fraud") && w.getEventCount() == 301),
                        Duration.ofSeconds(120), "the window of fraud's 301 events");
                    assertThat(reports).isNotEmpty();
                }
                // The outcome met its prediction stamped ahead, so the join sent it on to the pair.
                String metrics = scrapeWhen(app, Duration.ofMinutes(1),
                    m -> counter(m, "driftwatch_outcomes_joined_total") > 0);
                assertThat(counter(metrics, "driftwatch_outcomes_joined_total")).isEqualTo(1.0);
            }
        }
    }

    /**
     * A label horizon whose buckets of pending predictions put {@code ahead} in the bucket of {@code start}: the label
     * join keeps a prediction stamped ahead of the clock only in a bucket already in use, and only a kept one is joined
     * and sends its outcome on to the pair. The default seven days is nearly always one.
     */
    private static Duration horizonKeeping(long start, long ahead) {
        for (int days = 7; ; days++) {
            PendingPredictionLayout layout = PendingPredictionLayout.of(Duration.ofDays(days), Duration.ofSeconds(5));
            if (layout.bucketOf(start) == layout.bucketOf(ahead)) {
                return Duration.ofDays(days);
            }
        }
    }

    private static PredictionEvent prediction(String model, String version, String role, String id, Instant time,
                                              String label) {
        return PredictionEvent.newBuilder()
            .setPredictionId(id).setModelId(model).setModelVersion(version)
            .setDeploymentRole(role).setRequestId(role == null ? null : "r1")
            .setEventTime(time)
            .setFeatures(Map.of("x", 1.0))
            .setPrediction(Prediction.newBuilder().setLabel(label).build())
            .build();
    }
}
