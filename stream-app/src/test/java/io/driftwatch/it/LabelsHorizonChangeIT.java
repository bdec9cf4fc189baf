package io.driftwatch.it;

import static io.driftwatch.it.MonitorMetrics.counter;
import static io.driftwatch.it.MonitorMetrics.scrapeWhen;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.json.OutcomeEventJsonCodec;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import io.driftwatch.topology.labels.PendingPredictionLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change of {@code labels.horizon} between two runs of the monitor, against a real broker: the predictions sent
 * to the first run wait in RocksDB buckets of one width; the second run, with buckets about twice as wide, must join every
 * outcome sent to it to its prediction. Before the fix, the second run opened only the bucket segments the new width
 * divides and looked only in buckets of the new width: most outcomes waited for predictions that had come.
 */
class LabelsHorizonChangeIT {

    private static final int PREDICTIONS = 300;
    private static final Duration FIRST_HORIZON = Duration.ofMinutes(10);
    private static final Duration SECOND_HORIZON = Duration.ofMinutes(20);

    @TempDir
    Path dir;

    @Test
    void everyPredictionWaitingAtTheChangeIsJoinedToItsOutcome() throws Exception {
        Duration window = Duration.ofSeconds(5);
        long firstBucket = PendingPredictionLayout.of(FIRST_HORIZON, window).bucketMs();
        long secondBucket = PendingPredictionLayout.of(SECOND_HORIZON, window).bucketMs();
        assertThat(secondBucket).as("another width").isNotEqualTo(firstBucket);
        // Predictions over the last 9 minutes, within the first horizon: in two or three buckets of the first width,
        // whose starts the second width does not divide (buckets of 302.5 s, then of 602.5 s).
        long start = System.currentTimeMillis() - Duration.ofMinutes(9).toMillis();
        long step = Duration.ofMinutes(8).toMillis() / PREDICTIONS;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            Map<String, String> props = FastWindowMonitor.settings(kafka, "horizon-change-it", dir.resolve("state"));
            props.put("baseline.capture", "off");
            props.put("labels.join.layout", "co-partitioned");
            props.put("labels.horizon", FIRST_HORIZON.toMinutes() + "m");
            DriftwatchApp first = FastWindowMonitor.start(kafka, DriftwatchConfig.from(props));
            try {
                send(kafka, start, step, true);
                String metrics = scrapeWhen(first, Duration.ofMinutes(2), m -> predictionsAccepted(m) >= PREDICTIONS);
                assertThat(predictionsAccepted(metrics)).as("predictions the first run took").isEqualTo(PREDICTIONS);
                assertThat(counter(metrics, "driftwatch_outcomes_joined_total")).isZero();
            } finally {
                first.close();
            }

            props.put("labels.horizon", SECOND_HORIZON.toMinutes() + "m");
            DriftwatchApp second = FastWindowMonitor.start(kafka, DriftwatchConfig.from(props));
            try {
                send(kafka, start, step, false);
                String metrics = scrapeWhen(second, Duration.ofMinutes(3),
                    m -> counter(m, "driftwatch_outcomes_joined_total") >= PREDICTIONS);
                assertThat(counter(metrics, "driftwatch_outcomes_joined_total")).as("outcomes joined after the change")
                    .isEqualTo(PREDICTIONS);
                assertThat(counter(metrics, "driftwatch_outcomes_duplicate_total")).isZero();
            } finally {
                second.close();
            }
        }
    }

    private static double predictionsAccepted(String scrape) {
        return counter(scrape, "driftwatch_events_accepted_total", "type", "prediction");
    }

    /** The predictions, or their outcomes (each 10 s after it), keyed by prediction id. */
    private static void send(EmbeddedKafka kafka, long start, long step, boolean predictions) {
        PredictionEventJsonCodec predictionCodec = new PredictionEventJsonCodec();
        OutcomeEventJsonCodec outcomeCodec = new OutcomeEventJsonCodec();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TopicReader.producerProps(kafka.bootstrapServers()),
                 new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < PREDICTIONS; i++) {
                String id = "p-" + i;
                long time = start + i * step;
                if (predictions) {
                    PredictionEvent e = PredictionEvent.newBuilder().setPredictionId(id).setModelId("fraud").setModelVersion("1")
                        .setEventTime(Instant.ofEpochMilli(time)).setFeatures(Map.of("amount", (double) (i % 17)))
                        .setPrediction(Prediction.newBuilder().setScore((i % 10) / 10.0).build()).build();
                    producer.send(new ProducerRecord<>("predictions", null, time, id, predictionCodec.encode(e)));
                } else {
                    OutcomeEvent o = OutcomeEvent.newBuilder().setPredictionId(id).setModelId("fraud")
                        .setEventTime(Instant.ofEpochMilli(time + 10_000)).setLabel(i % 2 == 0 ? "1" : "0").build();
                    producer.send(new ProducerRecord<>("outcomes", null, time + 10_000, id, outcomeCodec.encode(o)));
                }
            }
            producer.flush();
        }
    }
}
