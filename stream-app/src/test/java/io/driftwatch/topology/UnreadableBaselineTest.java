package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.RecordFailureHandler;
import io.driftwatch.baseline.ReferenceProfileFactory;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.ingest.DeadLetterHeaders;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.NumericFeatureProfile;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A baseline record that deserializes but whose KLL sketch cannot be read: the merge stage must report the version's
 * windows without it (NO_BASELINE), not lose each one to an exception while closing it.
 */
class UnreadableBaselineTest {

    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    @Test
    void aWindowIsReportedEvenWhenItsBaselineCannotBeRead() {
        Map<String, String> props = new HashMap<>();
        props.put("window.size", "1m");
        props.put("window.grace", "10s");
        props.put("window.idle.timeout", "30s");
        props.put("baseline.capture", "off");
        props.put("labels.enabled", "false");
        DriftwatchConfig config = DriftwatchConfig.from(props);
        Properties streams = new Properties();
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "unreadable-baseline");
        streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // As the application runs: a record a processor fails on is dead-lettered and processing goes on.
        streams.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class.getName());
        streams.put(RecordFailureHandler.DEAD_LETTER_TOPIC, "dead-letter");
        BinaryTopicSerdes serdes = new BinaryTopicSerdes();
        try (TopologyTestDriver driver = new TopologyTestDriver(DriftwatchTopology.build(config,
                TopologyDependencies.of(serdes, new SimpleMeterRegistry(), io.driftwatch.alerting.RulesSource.defaults(),
                    java.time.Clock.systemUTC(), 1000), TopologyStores.defaults(), false),
            streams, Instant.ofEpochMilli(T0))) {
            TestInputTopic<byte[], byte[]> predictions = driver.createInputTopic("predictions", new ByteArraySerializer(),
                new ByteArraySerializer());
            TestInputTopic<String, ReferenceProfile> baselines = driver.createInputTopic("baselines", new StringSerializer(),
                serdes.baselineSerde.serializer());
            TestOutputTopic<String, WindowReport> reports = driver.createOutputTopic("window-reports", new StringDeserializer(),
                serdes.reportSerde.deserializer());
            TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic("dead-letter",
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());

            Random rnd = new Random(1);
            WindowProfile reference = new WindowProfile(ProfileSettings.defaults());
            for (int i = 0; i < 500; i++) {
                reference.addFeature("amount", rnd.nextGaussian());
                reference.countEvent(false);
            }
            ReferenceProfile profile = ReferenceProfileFactory.fromProfile("fraud", "1", reference,
                BaselineSource.TRAINING_DATA, "test", Instant.ofEpochMilli(T0 - MINUTE), Map.of());
            NumericFeatureProfile amount = profile.getNumericFeatures().get("amount");
            amount.setKllSketch(ByteBuffer.wrap(new byte[] {1, 2, 3})); // not a KLL sketch
            baselines.pipeInput("fraud/1", profile, T0 - MINUTE);

            int ids = 0;
            for (int w = 0; w < 3; w++) {
                for (int i = 0; i < 100; i++) {
                    long time = T0 + w * MINUTE + i * 500L;
                    PredictionEvent e = PredictionEvent.newBuilder().setPredictionId("p" + ids++).setModelId("fraud")
                        .setModelVersion("1").setEventTime(Instant.ofEpochMilli(time))
                        .setFeatures(Map.of("amount", rnd.nextGaussian()))
                        .setPrediction(Prediction.newBuilder().setScore(0.5).build()).build();
                    predictions.pipeInput(e.getPredictionId().getBytes(),
                        serdes.predictionSerde.serializer().serialize("predictions", e), time);
                }
            }
            List<WindowReport> out = reports.readValuesToList();
            List<String> reasons = deadLetters.readRecordsToList().stream()
                .map(r -> DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON) + " "
                    + DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.MESSAGE)).toList();
            assertThat(out).as("reports of the two closed windows; dead letters: %s", reasons).hasSize(2);
            assertThat(out).allMatch(r -> r.getBaseline() == null);
            assertThat(reasons).isEmpty();
        }
    }
}
