package io.driftwatch.topology;

import static io.driftwatch.topology.ScorerEvents.prediction;
import static io.driftwatch.topology.ScorerEvents.reference;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A revision of a closed window (late labels) judges its quality against the same reference as the
 * window's first report, whose {@code baseline} section it keeps: a baseline published in between is
 * for the windows that close after it. Judged against the new one, a window whose accuracy never moved
 * fired {@code accuracy-drop} on its revision while its report named the old reference.
 */
class RevisionKeepsItsReferenceTest {

    private static final long T0 = MinuteWindowsRig.T0;
    private static final long MINUTE = 60_000;
    private static final int PER_WINDOW = 400;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> predictions;
    private TestInputTopic<byte[], byte[]> outcomes;
    private TestInputTopic<String, ReferenceProfile> baselines;
    private TestOutputTopic<String, WindowReport> reports;
    private TestOutputTopic<String, Alert> alerts;
    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();

    private void start(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>();
        props.put("window.idle.timeout", "5m");
        props.put("drift.min.sample.size", "30");
        props.put("baseline.capture", "off");
        props.put("labels.horizon", "1h");
        props.put("labels.revision.interval", "5s");
        props.putAll(extra);
        MinuteWindowsRig rig = new MinuteWindowsRig("revision-keeps-its-reference", props, serdes, new SimpleMeterRegistry());
        driver = rig.driver;
        predictions = rig.predictions;
        reports = rig.reports;
        outcomes = driver.createInputTopic("outcomes", new ByteArraySerializer(), new ByteArraySerializer());
        baselines = driver.createInputTopic("baselines", new StringSerializer(), serdes.baselineSerde.serializer());
        alerts = driver.createOutputTopic("alerts", new StringDeserializer(), serdes.alertSerde.deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aReferenceReplacedAfterTheFirstReportDoesNotJudgeItsRevision() {
        start(Map.of());
        ReferenceProfile first = reference(T0 - 2 * MINUTE, 0.8, 1000);
        baselines.pipeInput("scorer/1", first, T0 - 2 * MINUTE);
        predictWindow(T0);
        label(T0, 0, PER_WINDOW / 2);
        driver.advanceWallClockTime(Duration.ofSeconds(1)); // the label join sends what it joined
        closeWindowOf(T0);
        WindowReport report = reports.readValue();
        assertThat(report.getQuality().getBaseline()).containsEntry("accuracy", 0.8);

        // A new reference of the same version, with other quality figures, before the window's late labels.
        baselines.pipeInput("scorer/1", reference(T0 - MINUTE, 0.99, 1000), T0 - MINUTE);
        label(T0, PER_WINDOW / 2, PER_WINDOW);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(5)); // the merge stage's revision pass

        WindowReport revision = reports.readValue();
        assertThat(revision.getRevision()).isEqualTo(1);
        assertThat(revision.getQuality().getLabelledCount()).isEqualTo(PER_WINDOW);
        assertThat(revision.getBaseline().getCreatedAt()).as("the reference its report names")
            .isEqualTo(first.getCreatedAt());
        assertThat(revision.getQuality().getBaseline()).as("judged against that reference")
            .containsEntry("accuracy", 0.8);
        assertThat(alerts.readValuesToList()).as("accuracy 0.8 against a baseline of 0.8")
            .filteredOn(a -> a.getRule().equals("accuracy-drop")).isEmpty();
    }

    @Test
    void aReferencePublishedAfterTheFirstReportDoesNotReplaceTheFirstLabelledWindowsFigures() {
        start(Map.of("labels.baseline.windows", "1", "labels.baseline.min.labelled", "100"));
        // Window 0, all labelled, fixes the baseline quality at 0.8; window 1 is judged against it.
        predictWindow(T0);
        label(T0, 0, PER_WINDOW);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        predictWindow(T0 + MINUTE);
        label(T0 + MINUTE, 0, PER_WINDOW / 2);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        closeWindowOf(T0 + MINUTE);
        List<WindowReport> firsts = reports.readValuesToList();
        assertThat(firsts).hasSize(2);
        WindowReport report = firsts.get(1);
        assertThat(report.getBaseline()).as("no reference").isNull();
        assertThat(report.getQuality().getBaseline()).containsEntry("accuracy", 0.8);

        baselines.pipeInput("scorer/1", reference(T0, 0.99, 1000), T0);
        label(T0 + MINUTE, PER_WINDOW / 2, PER_WINDOW);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        WindowReport revision = reports.readValue();
        assertThat(revision.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + MINUTE));
        assertThat(revision.getRevision()).isEqualTo(1);
        assertThat(revision.getBaseline()).isNull();
        assertThat(revision.getQuality().getBaseline()).as("still the first labelled window's figures")
            .containsEntry("accuracy", 0.8);
        assertThat(alerts.readValuesToList()).filteredOn(a -> a.getRule().equals("accuracy-drop")).isEmpty();
    }

    private static String id(long windowStart, int i) {
        return "w" + (windowStart - T0) / MINUTE + "-" + i;
    }

    private void predictWindow(long windowStart) {
        for (int i = 0; i < PER_WINDOW; i++) {
            send(prediction(id(windowStart, i), windowStart + i * 100L));
        }
    }

    /** Outcomes of predictions [from, to) of a window: the model (always "1") is right on four in five, accuracy 0.8. */
    private void label(long windowStart, int from, int to) {
        for (int i = from; i < to; i++) {
            String id = id(windowStart, i);
            OutcomeEvent o = OutcomeEvent.newBuilder().setPredictionId(id).setModelId("scorer")
                .setEventTime(Instant.ofEpochMilli(windowStart + MINUTE)).setLabel(i % 5 == 0 ? "0" : "1").build();
            outcomes.pipeInput(id.getBytes(), serdes.outcomeSerde.serializer().serialize("o", o), windowStart + MINUTE);
        }
    }

    private void send(PredictionEvent e) {
        predictions.pipeInput(e.getPredictionId().getBytes(), serdes.predictionSerde.serializer().serialize("p", e),
            e.getEventTime().toEpochMilli());
    }

    private void closeWindowOf(long windowStart) {
        send(PredictionEvent.newBuilder(prediction("closer-" + windowStart, windowStart + MINUTE + 10_001))
            .setFeatures(Map.of("x", 0.9)).build());
    }
}
