package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.RulesSource;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/alerting.md, "Order and revisions": "A window whose first report had no observation for a fingerprint
 * (too few labels yet for min_samples) is not 'judged': when its labels arrive, even after later windows closed,
 * it is evaluated as the fingerprint's next window." Two such windows whose labels arrive before the same
 * revision pass must be judged in window order.
 */
class RevisionOrderAlertTest {

    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    @Test
    void unjudgedWindowsRevisedInOnePassAreJudgedInWindowOrder() throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
            rules:
              - name: low-accuracy
                metric: quality.accuracy
                comparator: "<"
                threshold: 0.7
                severity: critical
                min_samples: 20
            """);
        Map<String, String> props = new HashMap<>();
        props.put("window.size", "1m");
        props.put("window.grace", "10s");
        props.put("window.idle.timeout", "5m");
        props.put("drift.min.sample.size", "30");
        props.put("baseline.capture", "off");
        props.put("labels.horizon", "1h");
        props.put("labels.revision.interval", "5s");
        props.put("rules.file", rules.toString());
        DriftwatchConfig config = DriftwatchConfig.from(props);
        Properties streams = new Properties();
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "revision-order-test");
        streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        BinaryTopicSerdes serdes = new BinaryTopicSerdes();
        try (TopologyTestDriver driver = new TopologyTestDriver(DriftwatchTopology.build(config,
                TopologyDependencies.of(serdes, new SimpleMeterRegistry(), RulesSource.watching(rules),
                    java.time.Clock.systemUTC(), 1000), TopologyStores.defaults(), false),
                streams, Instant.ofEpochMilli(T0))) {
            TestInputTopic<byte[], byte[]> predictions =
                driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
            TestInputTopic<byte[], byte[]> outcomes =
                driver.createInputTopic("outcomes", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, WindowReport> reports =
                driver.createOutputTopic("window-reports", new StringDeserializer(), serdes.reportSerde.deserializer());
            TestOutputTopic<String, Alert> alerts =
                driver.createOutputTopic("alerts", new StringDeserializer(), serdes.alertSerde.deserializer());

            for (int w = 0; w < 2; w++) {
                for (int i = 0; i < 40; i++) {
                    PredictionEvent p = PredictionEvent.newBuilder().setPredictionId("w" + w + "-" + i)
                        .setModelId("fraud").setModelVersion("1")
                        .setEventTime(Instant.ofEpochMilli(T0 + w * MINUTE + i * 100L))
                        .setFeatures(Map.of("x", 0.9)).setPrediction(Prediction.newBuilder().setScore(0.9).build())
                        .build();
                    predictions.pipeInput(p.getPredictionId().getBytes(), serdes.predictionSerde.serializer()
                        .serialize("p", p), p.getEventTime().toEpochMilli());
                }
            }
            // Close windows 0 and 1 without labels: no observation of quality.accuracy yet.
            PredictionEvent closer = PredictionEvent.newBuilder().setPredictionId("closer").setModelId("fraud")
                .setModelVersion("1").setEventTime(Instant.ofEpochMilli(T0 + 2 * MINUTE + 10_001)).setFeatures(Map.of())
                .setPrediction(Prediction.newBuilder().setScore(0.5).build()).build();
            predictions.pipeInput("closer".getBytes(), serdes.predictionSerde.serializer().serialize("p", closer),
                closer.getEventTime().toEpochMilli());
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(reports.readValuesToList()).extracting(r -> r.getRevision()).containsOnly(0);

            // Labels for both windows arrive together: window 0 all wrong (accuracy 0), window 1 all right.
            for (int w = 0; w < 2; w++) {
                for (int i = 0; i < 40; i++) {
                    String id = "w" + w + "-" + i;
                    OutcomeEvent o = OutcomeEvent.newBuilder().setPredictionId(id).setModelId("fraud")
                        .setEventTime(Instant.ofEpochMilli(T0 + 2 * MINUTE)).setLabel(w == 0 ? "0" : "1").build();
                    outcomes.pipeInput(id.getBytes(), serdes.outcomeSerde.serializer().serialize("o", o),
                        T0 + 2 * MINUTE);
                }
            }
            driver.advanceWallClockTime(Duration.ofSeconds(1)); // the label join sends what it joined
            driver.advanceWallClockTime(Duration.ofSeconds(5)); // the merge stage's revision pass

            List<String> revisions = reports.readValuesToList().stream()
                .map(r -> (r.getWindowStart().toEpochMilli() - T0) / MINUTE + "#" + r.getRevision()).toList();
            assertThat(revisions).as("revisions published in window order").containsExactly("0#1", "1#1");
            List<String> transitions = alerts.readValuesToList().stream()
                .map(a -> a.getStatus() + "@" + (a.getWindowStart().toEpochMilli() - T0) / MINUTE).toList();
            assertThat(transitions).as("window 0 (accuracy 0) fires, window 1 (accuracy 1) resolves")
                .containsExactly("FIRING@0", "RESOLVED@1");
        }
    }
}
