package io.driftwatch.topology;

import static io.driftwatch.topology.MinuteWindowsRig.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.RecordFailureHandler;
import io.driftwatch.baseline.ReferenceProfileFactory;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A baseline record that deserializes but whose KLL sketch cannot be read: the merge stage must report the version's
 * windows without it (NO_BASELINE), not lose each one to an exception while closing it.
 */
class UnreadableBaselineTest {

    private static final long MINUTE = 60_000;

    @Test
    void aWindowIsReportedEvenWhenItsBaselineCannotBeRead() {
        BinaryTopicSerdes serdes = new BinaryTopicSerdes();
        // As the application runs: a record a processor fails on is dead-lettered and processing goes on.
        Map<String, Object> failureHandling = Map.of(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class.getName(),
            RecordFailureHandler.DEAD_LETTER_TOPIC, "dead-letter");
        try (MinuteWindowsRig rig = new MinuteWindowsRig("unreadable-baseline",
                Map.of("window.idle.timeout", "30s", "baseline.capture", "off", "labels.enabled", "false"), serdes,
                new SimpleMeterRegistry(), dependencies -> dependencies, failureHandling)) {
            TestInputTopic<String, ReferenceProfile> baselines = rig.driver.createInputTopic("baselines", new StringSerializer(),
                serdes.baselineSerde.serializer());
            TestOutputTopic<byte[], byte[]> deadLetters = rig.driver.createOutputTopic("dead-letter",
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
                    rig.send(PredictionEvent.newBuilder().setPredictionId("p" + ids++).setModelId("fraud")
                        .setModelVersion("1").setEventTime(Instant.ofEpochMilli(time))
                        .setFeatures(Map.of("amount", rnd.nextGaussian()))
                        .setPrediction(Prediction.newBuilder().setScore(0.5).build()).build());
                }
            }
            List<WindowReport> out = rig.reports.readValuesToList();
            List<String> reasons = deadLetters.readRecordsToList().stream()
                .map(r -> DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON) + " "
                    + DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.MESSAGE)).toList();
            assertThat(out).as("reports of the two closed windows; dead letters: %s", reasons).hasSize(2);
            assertThat(out).allMatch(r -> r.getBaseline() == null);
            assertThat(reasons).isEmpty();
        }
    }
}
