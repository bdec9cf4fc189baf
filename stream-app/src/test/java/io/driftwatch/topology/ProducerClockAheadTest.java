package io.driftwatch.topology;

import static io.driftwatch.topology.MinuteWindowsRig.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One producer on a partition stamps its events hours ahead (a wrong time zone, a clock never synchronised),
 * within the day that ingest accepts. Its events must not carry the partition's event time with them: before
 * {@code window.max.lead}, its first event closed every window of the partition up to its stamp, and every
 * on-time event of every other model on the partition was late (counted, not profiled) until the clock caught
 * up: hours of windows lost from one record, and no alert could fire on them. Its own events still count, in
 * their own window, reported once the clock reaches it.
 */
class ProducerClockAheadTest {

    private static final long HOUR = 3_600_000;

    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final SettableClock clock = new SettableClock(T0);
    private MinuteWindowsRig rig;
    private long driverWallClock = T0;
    private int ids;

    private void start(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("window.idle.timeout", "30s", "baseline.capture", "off",
            "labels.enabled", "false"));
        all.putAll(settings);
        rig = new MinuteWindowsRig("clock-ahead", all, serdes, metrics,
            dependencies -> dependencies.withInputPartitions(1).withClock(clock));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void anEventStampedHoursAheadLosesNoOtherModelsEventsAndIsReportedWhenTheClockGetsThere() {
        start(Map.of());
        List<WindowReport> reports = new ArrayList<>();
        // fraud's producer is in step with the clock: each event is sent as it is stamped, 100 over 50 s.
        for (int i = 0; i < 100; i++) {
            at(T0 + i * 500L + 1);
            send("fraud", T0 + i * 500L);
            if (i == 50) {
                send("legacy", T0 + 3 * HOUR);
            }
            reports.addAll(rig.reports.readValuesToList());
        }
        long ahead = T0 + 3 * HOUR;
        long aheadReportedAt = Long.MIN_VALUE;
        for (long t = T0 + 60_000; t <= ahead + 5 * 60_000 && aheadReportedAt == Long.MIN_VALUE; t += 10_000) {
            at(t);
            for (WindowReport r : rig.reports.readValuesToList()) {
                reports.add(r);
                if (r.getModelId().equals("legacy")) {
                    aheadReportedAt = t;
                }
            }
        }

        WindowReport fraud = reports.stream().filter(r -> r.getModelId().equals("fraud")).findFirst().orElseThrow();
        assertThat(fraud.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(fraud.getEventCount()).as("fraud's events in its window, all sent on time").isEqualTo(100);
        assertThat(metrics.get("driftwatch_late_events").tag("stage", "partition").counter().count())
            .as("events counted late on the partition").isZero();
        assertThat(reports).filteredOn(r -> r.getModelId().equals("legacy")).singleElement()
            .satisfies(r -> {
                assertThat(r.getWindowStart()).isEqualTo(Instant.ofEpochMilli(ahead));
                assertThat(r.getEventCount()).as("the producer ahead's event, in its own window").isEqualTo(1);
            });
        assertThat(aheadReportedAt).as("when the window stamped three hours ahead was reported")
            .isGreaterThanOrEqualTo(ahead + 60_000 + 10_000);
    }

    @Test
    void aProducerAheadIsNoSignOfActivitySoAQuietModelsLastWindowStillCloses() {
        // Were its events activity, the partition would never be idle while it sends, and fraud's last window (and,
        // through the merge stage's minimum, every window of every model) would never close.
        start(Map.of());
        for (int i = 0; i < 100; i++) {
            at(T0 + i * 500L + 1);
            send("fraud", T0 + i * 500L);
        }
        for (long t = T0 + 50_000; t <= T0 + 600_000; t += 5_000) {
            at(t);
            send("legacy", t + 3 * HOUR);
            List<WindowReport> out = rig.reports.readValuesToList();
            if (!out.isEmpty()) {
                assertThat(out).extracting(WindowReport::getModelId).containsExactly("fraud");
                assertThat(out.get(0).getEventCount()).isEqualTo(100);
                assertThat(t).as("when fraud's window (end plus grace at %s) was reported, with the idle timeout of 30 s",
                    Instant.ofEpochMilli(T0 + 70_000)).isLessThanOrEqualTo(T0 + 120_000);
                return;
            }
        }
        throw new AssertionError("fraud's window was not reported within ten minutes while a producer sent from ahead");
    }

    @Test
    void aProducerAheadByLessThanTheAllowedLeadStillMovesEventTime() {
        // Two seconds ahead, within the default five: its event at its window's end plus grace closes the window at once,
        // as an event in step with the clock would, instead of waiting for the idle timeout.
        start(Map.of());
        for (int i = 0; i < 100; i++) {
            at(T0 + i * 500L);
            send("fraud", T0 + i * 500L + 2_000);
        }
        at(T0 + 68_001);
        send("fraud", T0 + 70_001);
        assertThat(rig.reports.readValuesToList()).as("reports right after fraud's event past its window's end plus grace")
            .filteredOn(r -> r.getWindowStart().equals(Instant.ofEpochMilli(T0))).singleElement()
            .satisfies(r -> assertThat(r.getEventCount()).isEqualTo(100));
    }

    /** The producers' and this instance's clock, and the test driver's wall clock (which only moves forward), at {@code t}. */
    private void at(long t) {
        clock.set(t);
        if (t > driverWallClock) {
            rig.driver.advanceWallClockTime(Duration.ofMillis(t - driverWallClock));
            driverWallClock = t;
        }
    }

    private void send(String model, long eventTime) {
        rig.send(PredictionEvent.newBuilder()
            .setPredictionId(model + "-" + ids++)
            .setModelId(model)
            .setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(eventTime))
            .setFeatures(Map.of("x", (Object) (double) (ids % 7)))
            .setPrediction(Prediction.newBuilder().setScore(0.5).build())
            .build());
    }
}
