package io.driftwatch.comparison;

import static io.driftwatch.comparison.DecisionAlertsTest.T;
import static io.driftwatch.comparison.DecisionAlertsTest.report;
import static io.driftwatch.comparison.DecisionAlertsTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.RuleSet;
import io.driftwatch.alerting.RulesFile;
import io.driftwatch.profile.WindowLayout;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.ComparisonDecision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a comparison's alerts end because its two versions no longer run side by side. */
class SideBySideEndTest {

    static {
        io.driftwatch.schemas.AvroClassTrust.trustSchemaClasses();
    }

    private static final long WINDOW = 60_000;
    private static final WindowLayout LAYOUT = WindowLayout.of(java.time.Duration.ofMillis(WINDOW));

    /** The roll-back alert of {@link #report}'s window (index 0; its end is the start of window 1). */
    private static Alert rollBack() {
        return DecisionAlerts.of(spec("m"), report("m", ComparisonDecision.ROLL_BACK), T, RulesFile.defaults()).get(0);
    }

    private static long start(int window) {
        return T.toEpochMilli() + window * WINDOW;
    }

    @Test
    void comparisonAlertsEndAfterTheirRulesResolveAfterButNeverFewerThanThreeWindows() {
        RuleSet defaults = RulesFile.defaults();
        assertThat(SideBySideEnd.windowsToResolve(defaults, "comparison-roll-back")).isEqualTo(3);
        assertThat(SideBySideEnd.windowsToResolve(defaults, "comparison-promote")).isEqualTo(3);
        assertThat(SideBySideEnd.windowsToResolve(defaults, "comparison-inconclusive")).isEqualTo(3);
        assertThat(SideBySideEnd.windowsToResolve(defaults, "a-rule-since-removed")).isEqualTo(3);
        assertThat(SideBySideEnd.windowsToResolve(defaults, "latency-p99")).as("resolve_after 1").isEqualTo(3);
        assertThat(SideBySideEnd.windowsToResolve(RulesFile.parse("test", """
            version: 1
            rules:
              - name: slow-canary
                metric: comparison.difference.latency_p99
                comparator: ">"
                threshold: 50
                severity: warning
                resolve_after: 5
            """), "slow-canary")).isEqualTo(5);
    }

    @Test
    void onlyComparisonAlertsOfTheReportingVersionsPairAreEnded() {
        Alert firing = rollBack();
        SideBySideEnd.WindowsReported none = (v, w) -> false;
        assertThat(SideBySideEnd.endedBy(firing, "3", start(9), LAYOUT, 1, none, T)).isEmpty();
        assertThat(SideBySideEnd.endedBy(firing, "1", start(9), LAYOUT, 1, none, T)).isPresent();
        Alert figureAlert = Alert.newBuilder(firing).setRule("slow-canary").setMetric("comparison.difference.latency_p99")
            .setLabels(Map.of("control_version", "1", "candidate_version", "2")).build();
        assertThat(SideBySideEnd.endedBy(figureAlert, "1", start(9), LAYOUT, 1, none, T)).hasValueSatisfying(a ->
            assertThat(a.getSummary()).startsWith("m v2: slow-canary resolved, the versions no longer run side by side"));
        Alert driftAlert = Alert.newBuilder(figureAlert).setMetric("feature.psi").build();
        assertThat(SideBySideEnd.endedBy(driftAlert, "1", start(9), LAYOUT, 1, none, T)).isEmpty();
        Alert resolved = Alert.newBuilder(firing).setStatus(io.driftwatch.schemas.AlertStatus.RESOLVED).build();
        assertThat(SideBySideEnd.endedBy(resolved, "1", start(9), LAYOUT, 1, none, T)).isEmpty();
    }

    /**
     * Property: one version stops for good after the decision while the other reports every window. The alert ends
     * on the other's report of the window {@code resolve_after} windows after the first one without it, not before,
     * whichever version stopped, and its ends_at is the start of that first window without it.
     */
    @Test
    void aVersionThatStopsEndsTheDecisionResolveAfterWindowsLater() {
        java.util.Random random = new java.util.Random(11);
        for (int run = 0; run < 500; run++) {
            int absent = 1 + random.nextInt(4);
            int stopsAt = 1 + random.nextInt(10);
            boolean candidateStops = random.nextBoolean();
            String stays = candidateStops ? "1" : "2";
            String stops = candidateStops ? "2" : "1";
            java.util.Set<String> reported = new java.util.HashSet<>();
            Alert firing = rollBack();
            Integer endedAt = null;
            for (int w = 1; w <= stopsAt + absent + 3 && endedAt == null; w++) {
                List<String> reporting = new java.util.ArrayList<>(w < stopsAt ? List.of("1", "2") : List.of(stays));
                java.util.Collections.shuffle(reporting, random);
                for (String version : reporting) {
                    reported.add(version + "@" + w);
                    var ended = SideBySideEnd.endedBy(firing, version, start(w), LAYOUT, absent,
                        (v, s) -> reported.contains(v + "@" + (s - T.toEpochMilli()) / WINDOW), T.plusSeconds(w));
                    if (ended.isPresent()) {
                        assertThat(version).as("run %d: ended by the version that stayed", run).isEqualTo(stays);
                        assertThat(ended.get().getStatus()).isEqualTo(io.driftwatch.schemas.AlertStatus.RESOLVED);
                        assertThat(ended.get().getFingerprint()).isEqualTo(firing.getFingerprint());
                        assertThat(ended.get().getEndsAt()).isEqualTo(Instant.ofEpochMilli(start(stopsAt)));
                        assertThat(ended.get().getSummary()).contains("v" + stops + " has reported no window in " + absent);
                        endedAt = w;
                        break;
                    }
                }
            }
            assertThat(endedAt).as("run %d: stops at %d, resolve_after %d", run, stopsAt, absent).isEqualTo(stopsAt + absent);
        }
    }

    /**
     * Property: under random presence of both versions (quiet windows, stops and returns) and random report order
     * within a window, the alert ends at the first report whose other version is absent from all of the
     * {@code resolve_after} windows before it, every one of them after the decision, and at no other.
     */
    @Test
    void underRandomPresenceTheDecisionEndsExactlyWhenTheOtherVersionMissedResolveAfterWindows() {
        java.util.Random random = new java.util.Random(12);
        int ended = 0;
        for (int run = 0; run < 1000; run++) {
            int absent = 1 + random.nextInt(4);
            int windows = 5 + random.nextInt(25);
            double[] presence = {0.3 + 0.7 * random.nextDouble(), 0.3 + 0.7 * random.nextDouble()};
            boolean[][] present = new boolean[2][windows + 1];
            for (int w = 1; w <= windows; w++) {
                for (int v = 0; v < 2; v++) {
                    present[v][w] = random.nextDouble() < presence[v];
                }
            }
            // The oracle: the first window w (and, within it, a version v present in it) with the other version absent
            // from w - absent .. w - 1, all at or after window 1 (the decision's window is 0).
            String expected = null;
            for (int w = 1 + absent; w <= windows && expected == null; w++) {
                for (int v = 0; v < 2 && expected == null; v++) {
                    boolean otherGone = true;
                    for (int k = w - absent; k < w; k++) {
                        otherGone &= !present[1 - v][k];
                    }
                    if (present[v][w] && otherGone) {
                        expected = "window " + w;
                    }
                }
            }
            java.util.Set<String> reported = new java.util.HashSet<>();
            Alert firing = rollBack();
            String actual = null;
            for (int w = 1; w <= windows && actual == null; w++) {
                List<String> reporting = new java.util.ArrayList<>();
                for (int v = 0; v < 2; v++) {
                    if (present[v][w]) {
                        reporting.add(String.valueOf(v + 1));
                    }
                }
                java.util.Collections.shuffle(reporting, random);
                for (String version : reporting) {
                    reported.add(version + "@" + w);
                    if (SideBySideEnd.endedBy(firing, version, start(w), LAYOUT, absent,
                            (v, s) -> reported.contains(v + "@" + (s - T.toEpochMilli()) / WINDOW), T).isPresent()) {
                        actual = "window " + w;
                        break;
                    }
                }
            }
            assertThat(actual).as("run %d: resolve_after %d, presence %s %s", run, absent,
                java.util.Arrays.toString(present[0]), java.util.Arrays.toString(present[1])).isEqualTo(expected);
            ended += actual == null ? 0 : 1;
        }
        // Both outcomes occur: the property is not vacuous.
        assertThat(ended).isBetween(100, 900);
    }
}
