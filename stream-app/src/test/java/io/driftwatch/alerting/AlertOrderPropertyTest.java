package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.AlertOrder.Transition;
import io.driftwatch.alerting.LifecycleReference.Kind;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Replays random interleavings of window reports, late revisions (late labels for old windows,
 * revisions of the latest window, revisions after a restart) and restarts (a new engine over the
 * stored bytes, as after a crash with exactly-once state) through {@link RuleEngine}, and checks
 * the order guarantees of docs/alerting.md: transitions move forward in window time, FIRING and
 * RESOLVED alternate per fingerprint, a restart changes nothing, and every breaching episode of
 * the final reports fires exactly once. The store is one of bytes, as in the application, so
 * every restart also reads back what {@link AlertState#toBytes()} wrote.
 *
 * <p>The schedule is a list of actions: 0 reports the next window, k &gt; 0 a revision of the window
 * k - 1 before the latest one, -1 restarts. Windows never reported by the actions are reported at
 * the end. Each window carries two features (two fingerprints of one model version), each of which
 * breaches, clears or is absent (INSUFFICIENT_DATA) in that window.
 */
class AlertOrderPropertyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
    private static final double THRESHOLD = 0.25;
    private static final List<String> FEATURES = List.of("amount", "age");

    /** What one feature does in one window (in every revision, for the exact property). */
    /**
     * When every revision of a window agrees with its first report on breach or clear (values differ),
     * the transitions are exactly those of the final reports read in window order: nothing from late
     * revisions, nothing twice, nothing lost through forgotten idle states or restarts.
     */
    @Property(tries = 400)
    void transitionsAreThoseOfTheFinalReportsInWindowOrder(
            @ForAll @Size(min = 1, max = 25) List<@IntRange(min = 0, max = 8) Integer> windows,
            @ForAll @Size(max = 80) List<@IntRange(min = -1, max = 5) Integer> actions,
            @ForAll @IntRange(min = 1, max = 3) int forWindows,
            @ForAll @IntRange(min = 1, max = 3) int resolveAfter) {
        Kind[][] kinds = LifecycleReference.twoSeries(windows);
        ReportSchedule schedule = ReportSchedule.of(kinds.length, actions);
        List<Transition> actual = replay(rules(forWindows, resolveAfter), schedule,
                (window, revision) -> reportOf(window, revision, kinds[window], kinds[window]), true);

        List<Transition> expected = AlertOrder.reference(FEATURES, kinds, forWindows, resolveAfter);
        assertThat(AlertOrder.bySeries(FEATURES, actual)).isEqualTo(AlertOrder.bySeries(FEATURES, expected));
        AlertOrder.assertOrdered(FEATURES, actual);
    }

    /**
     * When revisions change the verdict (late labels can), the final reports of old windows cannot
     * all be honoured, but the order guarantees still hold: per fingerprint, transitions alternate
     * starting with FIRING, move forward in window time, come only from the fingerprint's latest
     * judged window, never FIRING twice for one window; and a restart anywhere changes nothing.
     */
    @Property(tries = 400)
    void revisionsThatChangeTheVerdictKeepTheOrder(
            @ForAll @Size(min = 1, max = 25) List<@IntRange(min = 0, max = 8) Integer> windows,
            @ForAll @Size(max = 80) List<@IntRange(min = -1, max = 5) Integer> actions,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 8) Integer> revisedKinds,
            @ForAll @IntRange(min = 1, max = 3) int forWindows,
            @ForAll @IntRange(min = 1, max = 3) int resolveAfter) {
        Kind[][] kinds = LifecycleReference.twoSeries(windows);
        Kind[][] revised = LifecycleReference.twoSeries(revisedKinds);
        ReportSchedule schedule = ReportSchedule.of(kinds.length, actions);
        ReportSource source = (window, revision) -> reportOf(window, revision, kinds[window],
                revision == 0 ? kinds[window] : revised[(window * 7 + revision) % revised.length]);
        RuleSet rules = rules(forWindows, resolveAfter);

        List<Transition> withRestarts = replay(rules, schedule, source, true);
        List<Transition> withoutRestarts = replay(rules, schedule, source, false);

        assertThat(withRestarts).isEqualTo(withoutRestarts);
        AlertOrder.assertOrdered(FEATURES, withRestarts);
        for (Transition transition : withRestarts) {
            assertThat(transition.window()).as("transition from the latest window: %s", transition)
                    .isGreaterThanOrEqualTo(transition.latestBefore());
        }
    }

    private static List<Transition> replay(RuleSet rules, ReportSchedule schedule, ReportSource source, boolean restarts) {
        Map<String, byte[]> bytes = new HashMap<>();
        AlertStateStore store = AlertStateStore.overBytes(bytes::get, bytes::put, bytes::remove);
        RuleEngine engine = new RuleEngine(rules, CLOCK);
        List<Transition> transitions = new ArrayList<>();
        int[] revisions = new int[schedule.windows()];
        Map<String, Integer> latest = new HashMap<>();
        for (int step : schedule.steps()) {
            if (step == ReportSchedule.RESTART) {
                if (restarts) {
                    engine = new RuleEngine(rules, CLOCK);
                    store = AlertStateStore.overBytes(bytes::get, bytes::put, bytes::remove);
                }
                continue;
            }
            WindowReport report = source.report(step, revisions[step]++);
            Map<String, Integer> latestBefore = new HashMap<>(latest);
            for (FeatureDrift feature : report.getFeatures()) {
                if (feature.getVerdict() != Verdict.INSUFFICIENT_DATA) {
                    latest.merge(feature.getFeature(), step, Math::max);
                }
            }
            for (Alert alert : engine.evaluate(report, store)) {
                int window = (int) java.time.Duration.between(Reports.T0, alert.getWindowEnd())
                        .dividedBy(Reports.WINDOW) - 1;
                transitions.add(new Transition(alert.getFeature(), window, alert.getStatus(),
                        latestBefore.getOrDefault(alert.getFeature(), -1)));
            }
        }
        return transitions;
    }

    private static WindowReport reportOf(int window, int revision, Kind[] first, Kind[] kinds) {
        List<FeatureDrift> features = new ArrayList<>();
        for (int f = 0; f < FEATURES.size(); f++) {
            // Absent stays absent in every revision: the feature had too little data in that window.
            Kind kind = first[f] == Kind.ABSENT ? Kind.ABSENT : kinds[f] == Kind.ABSENT ? first[f] : kinds[f];
            double wiggle = 0.001 * (revision % 50);
            features.add(switch (kind) {
                case BREACH -> Reports.psi(FEATURES.get(f), THRESHOLD + 0.05 + wiggle);
                case CLEAR -> Reports.psi(FEATURES.get(f), 0.05 + wiggle);
                case ABSENT -> Reports.insufficient(FEATURES.get(f));
                case NOISE -> throw new AssertionError("not generated here; SignificantEpisodePropertyTest covers noise");
            });
        }
        return Reports.withFeatures(Reports.window("credit-scorer", "7", window), features).setRevision(revision)
                .build();
    }

    private static RuleSet rules(int forWindows, int resolveAfter) {
        return RulesFile.parse("property-test", """
                version: 1
                rules:
                  - name: psi
                    metric: feature.psi
                    comparator: ">="
                    threshold: %s
                    severity: critical
                    for: %d
                    resolve_after: %d
                """.formatted(THRESHOLD, forWindows, resolveAfter));
    }

    @FunctionalInterface
    private interface ReportSource {
        WindowReport report(int window, int revision);
    }
}
