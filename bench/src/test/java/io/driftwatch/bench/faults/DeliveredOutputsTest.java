package io.driftwatch.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.bench.faults.SteadyStream.SentWindow;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonDecision;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.WindowReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fault experiments' checker must see each kind of defect it is there to count. */
class DeliveredOutputsTest {

    @Test
    void windowsCountedShortLateMissingOrTwiceAreTold() {
        Map<SentWindow, Long> sent = Map.of(new SentWindow("m0", "1", 0), 10L, new SentWindow("m0", "1", 5000), 5L,
            new SentWindow("m1", "1", 0), 3L);
        List<WindowReport> reports = List.of(
            report("m0", 0, 0, 10, 0), report("m0", 0, 0, 10, 0),
            report("m0", 5000, 0, 4, 1), report("m0", 5000, 1, 5, 0));

        DeliveredOutputs.Tally t = DeliveredOutputs.tally(sent, reports, List.of(), true, 0, List.of());

        assertThat(t.windows()).isEqualTo(3);
        assertThat(t.exactWindows()).as("the first report of 5000 counts one event late").isEqualTo(1);
        assertThat(t.missingWindows()).isEqualTo(1);
        assertThat(t.duplicateReports()).isEqualTo(1);
        assertThat(t.lateEvents()).isEqualTo(1);
    }

    @Test
    void repeatedAndBackwardTransitionsAreTold() {
        List<Alert> alerts = List.of(
            alert("a", "m1", "psi", AlertStatus.FIRING, 10_000), alert("a", "m1", "psi", AlertStatus.FIRING, 15_000),
            alert("a", "m1", "psi", AlertStatus.RESOLVED, 5_000), alert("b", "m2", "accuracy", AlertStatus.RESOLVED, 5_000));

        DeliveredOutputs.Tally t = DeliveredOutputs.tally(Map.of(new SentWindow("m0", "1", 0), 1L),
            List.of(report("m0", 0, 0, 1, 0)), alerts, true, 0, List.of());

        assertThat(t.repeatedTransitions()).as("a second FIRING, and a RESOLVED with no FIRING before it").isEqualTo(2);
        assertThat(t.backwardTransitions()).isEqualTo(1);
        assertThat(t.firingByModel()).containsExactlyInAnyOrderEntriesOf(Map.of("m0", 0, "m1", 2));
    }

    @Test
    void aComparisonThatMissesEventsOrTakesItsDecisionBackIsTold() {
        String m = SteadyStream.CANARY_MODEL;
        String canary = SteadyStream.CANARY_VERSION;
        Map<SentWindow, Long> sent = Map.of(new SentWindow(m, "1", 0), 8L, new SentWindow(m, canary, 0), 2L,
            new SentWindow(m, "1", 5000), 7L, new SentWindow(m, canary, 5000), 3L, new SentWindow(m, "1", 10000), 5L);
        List<ComparisonReport> comparisons = List.of(
            comparison(0, 8, 2, ComparisonDecision.NONE),
            comparison(5000, 15, 4, ComparisonDecision.ROLL_BACK),
            comparison(5000, 15, 5, ComparisonDecision.ROLL_BACK),
            comparison(5000, 15, 5, ComparisonDecision.NONE));
        List<Alert> alerts = List.of(alert("d", m, "comparison.decision", AlertStatus.FIRING, 10_000),
            alert("d", m, "comparison.decision", AlertStatus.FIRING, 15_000));

        DeliveredOutputs.Comparison c = DeliveredOutputs.tally(sent, List.of(), alerts, true, 0, comparisons).comparison();

        assertThat(c.windows()).as("10000 had no canary event").isEqualTo(2);
        assertThat(c.exactWindows()).as("the first report of 5000 misses a canary event").isEqualTo(1);
        assertThat(c.decision()).isEqualTo("ROLL_BACK");
        assertThat(c.reversed()).isEqualTo(1);
        assertThat(c.decisionAlerts()).isEqualTo(2);
    }

    private static WindowReport report(String model, long start, int revision, long events, long late) {
        WindowReport w = new WindowReport();
        w.setModelId(model);
        w.setModelVersion("1");
        w.setWindowStart(Instant.ofEpochMilli(start));
        w.setRevision(revision);
        w.setEventCount(events);
        w.setLateEventCount(late);
        return w;
    }

    private static Alert alert(String fingerprint, String model, String metric, AlertStatus status, long windowEnd) {
        Alert a = new Alert();
        a.setFingerprint(fingerprint);
        a.setModelId(model);
        a.setMetric(metric);
        a.setStatus(status);
        a.setWindowEnd(Instant.ofEpochMilli(windowEnd));
        return a;
    }

    private static ComparisonReport comparison(long start, long control, long candidate, ComparisonDecision decision) {
        ComparedMetric latency = new ComparedMetric();
        latency.setMetric("latency_p99");
        latency.setControlCount(control);
        latency.setCandidateCount(candidate);
        ComparisonReport r = new ComparisonReport();
        r.setWindowStart(Instant.ofEpochMilli(start));
        r.setMetrics(List.of(latency));
        r.setDecision(decision);
        return r;
    }
}
