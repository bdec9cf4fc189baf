package io.driftwatch.topology;

import static io.driftwatch.topology.ScorerEvents.prediction;
import static io.driftwatch.topology.ScorerEvents.reference;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * End to end, with {@code labels.complete.after}: an accuracy alert is not ended by windows whose first labels look
 * fine while the rest, which come later, show the drop still there; it ends on windows whose complete labels are back at
 * the baseline (docs/alerting.md, "An alert on labels ends on complete labels"). Before, the two windows' early labels
 * resolved it while the drop went on.
 */
class AccuracyAlertOnCompleteLabelsTest {

    private static final long T0 = MinuteWindowsRig.T0;
    private static final long MINUTE = 60_000;
    private static final int PER_WINDOW = 400;
    /** The model always predicts 1; these say which of a window's predictions were wrong. */
    private static final IntPredicate AT_BASELINE = i -> i % 10 == 0;
    private static final IntPredicate DROPPED = i -> i % 10 < 3;

    private MinuteWindowsRig rig;
    private TestInputTopic<byte[], byte[]> outcomes;
    private TestOutputTopic<String, Alert> alerts;
    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void earlyLabelsThatLookFineDoNotEndTheAlert() {
        rig = new MinuteWindowsRig("accuracy-alert-on-complete-labels", Map.of("window.idle.timeout", "5m",
            "drift.min.sample.size", "30", "baseline.capture", "off", "labels.horizon", "1h",
            "labels.revision.interval", "5s", "labels.complete.after", "2m"), serdes, new SimpleMeterRegistry());
        outcomes = rig.driver.createInputTopic("outcomes", new ByteArraySerializer(), new ByteArraySerializer());
        alerts = rig.driver.createOutputTopic("alerts", new StringDeserializer(), serdes.alertSerde.deserializer());
        TestInputTopic<String, ReferenceProfile> baselines = rig.driver.createInputTopic("baselines",
            new StringSerializer(), serdes.baselineSerde.serializer());
        baselines.pipeInput("scorer/1", reference(T0 - MINUTE, 0.9, 10_000), T0 - MINUTE);

        // Window 0: accuracy 0.7 against 0.9, every label in before it closes: the alert fires.
        predictWindow(0);
        label(0, 0, PER_WINDOW, DROPPED);
        // Windows 1 and 2: their first 100 labels at the baseline's accuracy, the other 300 still to come.
        for (int w = 1; w <= 2; w++) {
            rig.driver.advanceWallClockTime(Duration.ofSeconds(1));
            predictWindow(w);
            label(w, 0, 100, AT_BASELINE);
        }
        rig.driver.advanceWallClockTime(Duration.ofSeconds(1));
        predictWindow(3); // closes window 2
        rig.driver.advanceWallClockTime(Duration.ofSeconds(6)); // a revision pass
        assertThat(transitions()).as("fired on window 0, not ended by the early labels of windows 1 and 2")
            .containsExactly(AlertStatus.FIRING + " " + end(0));

        // The rest of windows 1 and 2 keep the drop (0.675 on all 400); windows 3 to 5 are back at the baseline.
        label(1, 100, PER_WINDOW, DROPPED);
        label(2, 100, PER_WINDOW, DROPPED);
        label(3, 0, PER_WINDOW, AT_BASELINE);
        for (int w = 4; w <= 5; w++) {
            rig.driver.advanceWallClockTime(Duration.ofSeconds(1));
            predictWindow(w);
            label(w, 0, PER_WINDOW, AT_BASELINE);
        }
        rig.driver.advanceWallClockTime(Duration.ofSeconds(6));
        assertThat(transitions()).as("windows 3 to 5 are clear on labels not yet complete").isEmpty();

        // Event time passes the ends of windows 3 and 4 plus two minutes: each is reported once more, complete. (Window
        // 5 closes on part of its labels: were it complete at once, it would be judged before them, and they ignored.)
        send(prediction("later", T0 + 7 * MINUTE + 30_000));
        rig.driver.advanceWallClockTime(Duration.ofSeconds(6));
        List<String> ended = transitions();
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0)).as("ended on window 4's complete labels, the second clear window after the drop")
            .isEqualTo(AlertStatus.RESOLVED + " " + end(4));
    }

    /** The accuracy-drop transitions emitted since the last call, as "STATUS window-end". */
    private List<String> transitions() {
        return alerts.readValuesToList().stream().filter(a -> a.getRule().equals("accuracy-drop"))
            .map(a -> a.getStatus() + " " + a.getWindowEnd()).toList();
    }

    private static Instant end(int window) {
        return Instant.ofEpochMilli(T0 + (window + 1) * MINUTE);
    }

    private void predictWindow(int window) {
        for (int i = 0; i < PER_WINDOW; i++) {
            send(prediction("w" + window + "-" + i, T0 + window * MINUTE + i * 100L));
        }
    }

    /** Outcomes of predictions [from, to) of a window, stamped at its end; {@code wrong} says which are 0. */
    private void label(int window, int from, int to, IntPredicate wrong) {
        for (int i = from; i < to; i++) {
            String id = "w" + window + "-" + i;
            OutcomeEvent o = OutcomeEvent.newBuilder().setPredictionId(id).setModelId("scorer")
                .setEventTime(end(window)).setLabel(wrong.test(i) ? "0" : "1").build();
            outcomes.pipeInput(id.getBytes(), serdes.outcomeSerde.serializer().serialize("o", o),
                end(window).toEpochMilli());
        }
    }

    private void send(PredictionEvent e) {
        rig.predictions.pipeInput(e.getPredictionId().getBytes(), serdes.predictionSerde.serializer().serialize("p", e),
            e.getEventTime().toEpochMilli());
    }
}
