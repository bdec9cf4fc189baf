package io.driftwatch.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.AlertOrder;
import io.driftwatch.alerting.AlertOrder.Transition;
import io.driftwatch.alerting.AlertStateStore;
import io.driftwatch.alerting.LifecycleReference;
import io.driftwatch.alerting.LifecycleReference.Kind;
import io.driftwatch.alerting.ReportSchedule;
import io.driftwatch.alerting.RuleSet;
import io.driftwatch.alerting.RulesFile;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Replays random interleavings of comparison reports through {@link FigureAlerts}: windows in order,
 * reports of older windows after newer ones (late labels revise a version's window; a window whose
 * second version reports late), revisions of the latest window, and restarts (a new evaluator over
 * the stored bytes, as after a crash with exactly-once state). It checks the order guarantees of
 * docs/alerting.md for comparison rules as for window reports' rules: per fingerprint, transitions
 * alternate starting with FIRING, move forward in window time, come only from the fingerprint's
 * latest judged window, never FIRING twice for one window; a restart changes nothing; and when
 * revisions agree with the first report on breach or clear, the transitions are exactly those of
 * the reports read in window order, written independently of {@code AlertLifecycle}.
 *
 * <p>The schedule is a list of actions: 0 reports the next window, k &gt; 0 the window k - 1 before
 * the latest one again, -1 restarts. Windows never reported by the actions are reported at the end.
 * Each report carries two figures, each watched by its own rule (two fingerprints), each of which
 * breaches, clears or is absent (too few samples for the rule's min_samples) in that window.
 */
class FigureAlertsPropertyTest {

    static {
        io.driftwatch.schemas.AvroClassTrust.trustSchemaClasses();
    }

    private static final Instant NOW = Instant.parse("2026-12-03T00:00:00Z");
    private static final List<String> FIGURES = List.of("latency_p99", "accuracy");
    private static final Map<String, String> RULE_OF = Map.of("canary-p99", "latency_p99", "canary-accuracy", "accuracy");

    @Property(tries = 300)
    void transitionsAreThoseOfTheReportsInWindowOrder(
            @ForAll @Size(min = 1, max = 25) List<@IntRange(min = 0, max = 8) Integer> windows,
            @ForAll @Size(max = 80) List<@IntRange(min = -1, max = 5) Integer> actions,
            @ForAll @IntRange(min = 1, max = 3) int forWindows,
            @ForAll @IntRange(min = 1, max = 3) int resolveAfter) {
        Kind[][] kinds = LifecycleReference.twoSeries(windows);
        List<Integer> steps = ReportSchedule.of(kinds.length, actions).steps();
        List<Transition> actual = replay(rules(forWindows, resolveAfter), steps,
            (window, look) -> report(window, look, kinds[window], kinds[window]), true);

        List<Transition> expected = AlertOrder.reference(FIGURES, kinds, forWindows, resolveAfter);
        assertThat(AlertOrder.bySeries(FIGURES, actual)).isEqualTo(AlertOrder.bySeries(FIGURES, expected));
        AlertOrder.assertOrdered(FIGURES, actual);
    }

    @Property(tries = 300)
    void reportsThatChangeTheVerdictKeepTheOrder(
            @ForAll @Size(min = 1, max = 25) List<@IntRange(min = 0, max = 8) Integer> windows,
            @ForAll @Size(max = 80) List<@IntRange(min = -1, max = 5) Integer> actions,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 8) Integer> revisedKinds,
            @ForAll @IntRange(min = 1, max = 3) int forWindows,
            @ForAll @IntRange(min = 1, max = 3) int resolveAfter) {
        Kind[][] kinds = LifecycleReference.twoSeries(windows);
        Kind[][] revised = LifecycleReference.twoSeries(revisedKinds);
        List<Integer> steps = ReportSchedule.of(kinds.length, actions).steps();
        Source source = (window, look) -> report(window, look, kinds[window],
            look == 0 ? kinds[window] : revised[(window * 7 + look) % revised.length]);
        RuleSet rules = rules(forWindows, resolveAfter);

        List<Transition> withRestarts = replay(rules, steps, source, true);
        assertThat(withRestarts).isEqualTo(replay(rules, steps, source, false));
        AlertOrder.assertOrdered(FIGURES, withRestarts);
        for (Transition t : withRestarts) {
            assertThat(t.window()).as("transition from the latest window: %s", t).isGreaterThanOrEqualTo(t.latestBefore());
        }
    }

    private static List<Transition> replay(RuleSet rules, List<Integer> steps, Source source, boolean restarts) {
        Map<String, byte[]> bytes = new HashMap<>();
        FigureAlerts alerts = new FigureAlerts();
        List<Transition> transitions = new ArrayList<>();
        Map<Integer, Integer> looks = new HashMap<>();
        Map<String, Integer> latest = new HashMap<>();
        for (int step : steps) {
            if (step == ReportSchedule.RESTART) {
                if (restarts) {
                    alerts = new FigureAlerts();
                }
                continue;
            }
            int look = looks.merge(step, 1, Integer::sum) - 1;
            ComparisonReport report = source.report(step, look);
            Map<String, Integer> latestBefore = new HashMap<>(latest);
            for (ComparedMetric m : report.getMetrics()) {
                if (m.getCandidateCount() >= MIN_SAMPLES) {
                    latest.merge(m.getMetric(), step, Math::max);
                }
            }
            AlertStateStore store = AlertStateStore.overBytes(bytes::get, bytes::put, bytes::remove);
            for (Alert alert : alerts.evaluate(rules, report, store, NOW)) {
                int window = (int) Duration.between(ComparisonReports.T0, alert.getWindowStart())
                    .dividedBy(ComparisonReports.WINDOW);
                String figure = RULE_OF.get(alert.getRule());
                transitions.add(new Transition(figure, window, alert.getStatus(), latestBefore.getOrDefault(figure, -1)));
            }
        }
        return transitions;
    }

    private static final long MIN_SAMPLES = 100;

    /** A report of {@code window}, looked at the {@code look}-th time; values wiggle between looks, kinds as given. */
    private static ComparisonReport report(int window, int look, Kind[] first, Kind[] kinds) {
        List<ComparedMetric> metrics = new ArrayList<>();
        double wiggle = 0.001 * (look % 50);
        for (int f = 0; f < FIGURES.size(); f++) {
            // Absent stays absent in every look: the window had too few samples for the rule.
            Kind kind = first[f] == Kind.ABSENT ? Kind.ABSENT : kinds[f] == Kind.ABSENT ? first[f] : kinds[f];
            long count = kind == Kind.ABSENT ? MIN_SAMPLES - 1 : MIN_SAMPLES + look;
            double difference = FIGURES.get(f).equals("latency_p99")
                ? (kind == Kind.BREACH ? 150 : 20) + wiggle
                : (kind == Kind.BREACH ? -0.1 : 0.0) - wiggle;
            metrics.add(ComparisonReports.figure(FIGURES.get(f), 0.0, difference, 1000, count, null, null));
        }
        return ComparisonReports.window(window, metrics, null);
    }

    private static RuleSet rules(int forWindows, int resolveAfter) {
        return RulesFile.parse("property-test", """
            rules:
              - name: canary-p99
                metric: comparison.difference.latency_p99
                comparator: ">"
                threshold: 100
                severity: warning
                for: %1$d
                resolve_after: %2$d
                min_samples: %3$d
              - name: canary-accuracy
                metric: comparison.difference.accuracy
                comparator: "<="
                threshold: -0.05
                severity: critical
                for: %1$d
                resolve_after: %2$d
                min_samples: %3$d
            """.formatted(forWindows, resolveAfter, MIN_SAMPLES));
    }

    @FunctionalInterface
    private interface Source {
        ComparisonReport report(int window, int look);
    }
}
