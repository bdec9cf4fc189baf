package io.driftwatch.alerting;

import io.driftwatch.alerting.LifecycleReference.Kind;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
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
        Kind[][] kinds = decode(windows);
        Schedule schedule = Schedule.of(kinds.length, actions);
        List<Transition> actual = replay(rules(forWindows, resolveAfter), schedule,
                (window, revision) -> reportOf(window, revision, kinds[window], kinds[window]), true);

        List<Transition> expected = new ArrayList<>();
        for (int f = 0; f < FEATURES.size(); f++) {
            expected.addAll(reference(kinds, f, forWindows, resolveAfter));
        }
        assertThat(byFeature(actual)).isEqualTo(byFeature(expected));
        assertOrdered(actual);
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
        Kind[][] kinds = decode(windows);
        Kind[][] revised = decode(revisedKinds);
        Schedule schedule = Schedule.of(kinds.length, actions);
        ReportSource source = (window, revision) -> reportOf(window, revision, kinds[window],
                revision == 0 ? kinds[window] : revised[(window * 7 + revision) % revised.length]);
        RuleSet rules = rules(forWindows, resolveAfter);

        List<Transition> withRestarts = replay(rules, schedule, source, true);
        List<Transition> withoutRestarts = replay(rules, schedule, source, false);

        assertThat(withRestarts).isEqualTo(withoutRestarts);
        assertOrdered(withRestarts);
        for (Transition transition : withRestarts) {
            assertThat(transition.window()).as("transition from the latest window: %s", transition)
                    .isGreaterThanOrEqualTo(transition.latestBefore());
        }
    }

    private static void assertOrdered(List<Transition> transitions) {
        Map<String, List<Transition>> byFeature = byFeature(transitions);
        for (List<Transition> own : byFeature.values()) {
            for (int i = 0; i < own.size(); i++) {
                Transition t = own.get(i);
                assertThat(t.status()).as("alternating, FIRING first: %s", own)
                        .isEqualTo(i % 2 == 0 ? AlertStatus.FIRING : AlertStatus.RESOLVED);
                if (i > 0) {
                    assertThat(t.window()).as("forward in window time: %s", own)
                            .isGreaterThanOrEqualTo(own.get(i - 1).window());
                }
                if (i > 1) {
                    assertThat(t.window()).as("one FIRING per window: %s", own).isGreaterThan(own.get(i - 2).window());
                }
            }
        }
    }

    private static Map<String, List<Transition>> byFeature(List<Transition> transitions) {
        Map<String, List<Transition>> byFeature = new HashMap<>();
        for (String feature : FEATURES) {
            byFeature.put(feature, new ArrayList<>());
        }
        for (Transition t : transitions) {
            byFeature.get(t.feature()).add(new Transition(t.feature(), t.window(), t.status(), 0));
        }
        return byFeature;
    }

    /** The lifecycle read off the final reports in window order, independently of AlertLifecycle. */
    private static List<Transition> reference(Kind[][] kinds, int feature, int forWindows, int resolveAfter) {
        return LifecycleReference.transitions(kinds, feature, forWindows, resolveAfter).stream()
            .map(step -> new Transition(FEATURES.get(feature), step.window(), step.status(), 0))
            .toList();
    }

    private static List<Transition> replay(RuleSet rules, Schedule schedule, ReportSource source, boolean restarts) {
        Map<String, byte[]> bytes = new HashMap<>();
        AlertStateStore store = AlertStateStore.overBytes(bytes::get, bytes::put, bytes::remove);
        RuleEngine engine = new RuleEngine(rules, CLOCK);
        List<Transition> transitions = new ArrayList<>();
        int[] revisions = new int[schedule.windows()];
        Map<String, Integer> latest = new HashMap<>();
        for (int step : schedule.steps()) {
            if (step == Schedule.RESTART) {
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

    private static Kind[][] decode(List<Integer> codes) {
        Kind[][] kinds = new Kind[codes.size()][];
        for (int w = 0; w < codes.size(); w++) {
            int code = codes.get(w);
            kinds[w] = new Kind[] {Kind.values()[code % 3], Kind.values()[code / 3]};
        }
        return kinds;
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

    /**
     * @param latestBefore the fingerprint's latest judged window before the report that made this transition
     */
    private record Transition(String feature, int window, AlertStatus status, int latestBefore) {
    }

    /** The order in which reports arrive: window numbers (first report or revision) and restarts. */
    private record Schedule(int windows, List<Integer> steps) {
        static final int RESTART = -1;

        static Schedule of(int windows, List<Integer> actions) {
            return new Schedule(windows, steps(windows, actions));
        }

        private static List<Integer> steps(int windows, List<Integer> actions) {
            List<Integer> steps = new ArrayList<>();
            int next = 0;
            for (int action : actions) {
                if (action == RESTART) {
                    steps.add(RESTART);
                } else if (action == 0) {
                    if (next < windows) {
                        steps.add(next++);
                    }
                } else if (next - action >= 0) {
                    steps.add(next - action);
                }
            }
            while (next < windows) {
                steps.add(next++);
            }
            return steps;
        }
    }
}
