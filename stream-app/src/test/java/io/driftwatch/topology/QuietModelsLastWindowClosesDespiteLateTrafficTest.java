package io.driftwatch.topology;

import static io.driftwatch.topology.MinuteWindowsRig.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A model goes quiet while another producer on the same partition keeps sending events with a stale event_time
 * (the case LateOnlyVersion exists for). Every such event is late and counted, and it is no sign of activity:
 * the partition still goes idle, its watermark follows the wall clock, and the quiet model's last window closes
 * when it would without them. Before, each late event reset the idle timer, so the window (and, through the
 * merge stage's minimum, every window of every model) never closed.
 */
class QuietModelsLastWindowClosesDespiteLateTrafficTest {

    private static final long HOUR = 3_600_000;
    private static final int STEP_SECONDS = 5;

    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private MinuteWindowsRig rig;
    private int ids;

    @BeforeEach
    void start() {
        rig = new MinuteWindowsRig("late-traffic",
            Map.of("window.idle.timeout", "30s", "baseline.capture", "off", "labels.enabled", "false"), serdes, metrics,
            dependencies -> dependencies.withInputPartitions(1));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void aQuietModelsLastWindowClosesAsSoonWhileAStaleProducerSendsLateEvents() {
        long withoutStaleProducer = secondsUntilReported(false);
        stop();
        start();
        long withStaleProducer = secondsUntilReported(true);
        assertThat(withoutStaleProducer).as("seconds of wall clock until fraud's window %s is reported, without late events",
            Instant.ofEpochMilli(T0)).isLessThanOrEqualTo(60);
        assertThat(withStaleProducer).as("the same, while a producer sends an event stamped an hour ago every %d s",
            STEP_SECONDS).isEqualTo(withoutStaleProducer);
        assertThat(metrics.get("driftwatch_late_events").tag("stage", "partition").counter().count())
            .as("late events counted on the partition").isEqualTo(withStaleProducer / STEP_SECONDS);
    }

    /** Sends fraud's window, then steps the wall clock until it is reported; the stale producer sends at each step. */
    private long secondsUntilReported(boolean staleProducer) {
        for (int i = 0; i < 100; i++) {
            send("fraud", T0 + i * 500L);
        }
        for (int s = STEP_SECONDS; s <= 600; s += STEP_SECONDS) {
            if (staleProducer) {
                send("legacy", T0 - HOUR);
            }
            rig.driver.advanceWallClockTime(Duration.ofSeconds(STEP_SECONDS));
            List<WindowReport> out = rig.reports.readValuesToList();
            if (!out.isEmpty()) {
                assertThat(out).extracting(WindowReport::getModelId).containsExactly("fraud");
                assertThat(out.get(0).getEventCount()).isEqualTo(100);
                return s;
            }
        }
        throw new AssertionError("fraud's window was not reported within ten minutes");
    }

    private void send(String model, long time) {
        rig.send(PredictionEvent.newBuilder()
            .setPredictionId("p" + (ids++)).setModelId(model).setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(time))
            .setFeatures(Map.of("x", (double) ids))
            .setPrediction(Prediction.newBuilder().setScore(0.5).build())
            .build());
    }
}
