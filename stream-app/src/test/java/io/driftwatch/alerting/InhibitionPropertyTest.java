package io.driftwatch.alerting;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The default rules' inhibition ladder (dataset-drift > feature-psi-major > feature-psi-moderate >
 * feature-drift) under random PSI values, KS verdicts (which only feature-drift observes) and UNCERTAIN
 * verdicts (which leave a rule undecided or without a figure), revisions of the latest and older windows, and restarts over the stored bytes: after every
 * report at most one alert of the ladder is active per feature, none while the dataset alert is
 * active, a feature's alert hands over to another of its ladder only to a higher severity (never down, never
 * sideways), and every fingerprint's transitions still alternate and move forward in window time; a
 * restart changes nothing.
 */
class InhibitionPropertyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
    /** A feature's test in a report, by code: PSI 0.02, 0.15, 0.31, PSI UNCERTAIN, KS DRIFT, KS UNCERTAIN. */
    private static final int STATES = 6;
    private static final List<String> FEATURES = List.of("amount", "age", "income");
    private static final List<String> LADDER = List.of("feature-psi-major", "feature-psi-moderate", "feature-drift");

    @Property(tries = 300)
    void oneAlertPerProblemThroughRevisionsAndRestarts(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 215) Integer> reports,
            @ForAll @Size(max = 40) List<@IntRange(min = -1, max = 3) Integer> lateness) {
        List<Integer> withRestarts = schedule(reports, lateness, true);
        List<String> restarted = replay(withRestarts, reports);
        List<String> straight = replay(schedule(reports, lateness, false), reports);
        assertThat(restarted).isEqualTo(straight);
    }

    /** Window numbers in arrival order (a window may come again as a revision), -1 for a restart. */
    private static List<Integer> schedule(List<Integer> reports, List<Integer> lateness, boolean restarts) {
        List<Integer> steps = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < reports.size(); i++) {
            int late = i < lateness.size() ? lateness.get(i) : 0;
            if (late == -1) {
                if (restarts) {
                    steps.add(-1);
                }
                steps.add(next++);
            } else if (late > 0 && next - late >= 0) {
                steps.add(next - late);
            } else {
                steps.add(next++);
            }
        }
        return steps;
    }

    private static List<String> replay(List<Integer> steps, List<Integer> codes) {
        Map<String, byte[]> bytes = new HashMap<>();
        AlertStateStore store = AlertStateStore.overBytes(bytes::get, bytes::put, bytes::remove);
        RuleEngine engine = new RuleEngine(RulesFile.defaults(), CLOCK);
        Map<String, List<Alert>> byFingerprint = new HashMap<>();
        Map<String, Alert> active = new HashMap<>();
        Map<String, String> ruleOf = new HashMap<>();
        List<String> transcript = new ArrayList<>();
        int[] revisions = new int[codes.size() + 1];
        int arrivals = 0;
        for (int i = 0; i < steps.size(); i++) {
            int window = steps.get(i);
            if (window < 0) {
                engine = new RuleEngine(RulesFile.defaults(), CLOCK);
                store = AlertStateStore.overBytes(bytes::get, bytes::put, bytes::remove);
                continue;
            }
            // Each arrival has its own values: a revision may change them (late data).
            int code = codes.get(arrivals++ % codes.size());
            WindowReport report = report(window, revisions[window]++, code % STATES, code / STATES % STATES,
                    code / (STATES * STATES));
            List<Alert> told = engine.evaluate(report, store, List.copyOf(active.values()));
            for (Alert handedOver : told) {
                for (Alert taking : told) {
                    if (handedOver.getStatus() == AlertStatus.RESOLVED && taking.getStatus() == AlertStatus.FIRING
                            && LADDER.contains(handedOver.getRule()) && LADDER.contains(taking.getRule())
                            && handedOver.getFeature().equals(taking.getFeature())) {
                        assertThat(taking.getSeverity()).as("a hand-off within a feature's ladder only escalates: %s then"
                                + " %s at %s after %s", handedOver.getRule(), taking.getRule(), window, transcript)
                                .isGreaterThan(handedOver.getSeverity());
                    }
                }
            }
            for (Alert alert : told) {
                transcript.add(window + ":" + alert.getRule() + ":" + alert.getFeature() + ":" + alert.getStatus());
                byFingerprint.computeIfAbsent(alert.getFingerprint(), f -> new ArrayList<>()).add(alert);
                ruleOf.put(alert.getFingerprint(), alert.getRule() + "/" + alert.getFeature());
                if (alert.getStatus() == AlertStatus.FIRING) {
                    active.put(alert.getFingerprint(), alert);
                } else {
                    active.remove(alert.getFingerprint());
                }
            }
            List<String> activeRules = active.keySet().stream().map(ruleOf::get).toList();
            boolean dataset = activeRules.contains("dataset-drift/null");
            for (String feature : FEATURES) {
                long ladder = activeRules.stream().filter(r -> LADDER.stream().anyMatch(l -> r.equals(l + "/" + feature)))
                        .count();
                assertThat(ladder).as("one alert per problem for %s after %s: %s", feature, transcript, activeRules)
                        .isLessThanOrEqualTo(dataset ? 0 : 1);
            }
        }
        for (List<Alert> own : byFingerprint.values()) {
            for (int i = 0; i < own.size(); i++) {
                assertThat(own.get(i).getStatus()).as("alternating, FIRING first: %s", transcript)
                        .isEqualTo(i % 2 == 0 ? AlertStatus.FIRING : AlertStatus.RESOLVED);
                if (i > 0) {
                    assertThat(own.get(i).getWindowEnd()).as("forward in window time: %s", transcript)
                            .isAfterOrEqualTo(own.get(i - 1).getWindowEnd());
                }
            }
        }
        return transcript;
    }

    private static WindowReport report(int window, int revision, int... states) {
        List<FeatureDrift> features = new ArrayList<>();
        for (int i = 0; i < FEATURES.size(); i++) {
            String name = FEATURES.get(i);
            features.add(switch (states[i]) {
                case 0 -> Reports.psi(name, 0.02);
                case 1 -> Reports.psi(name, 0.15);
                case 2 -> Reports.psi(name, 0.31);
                case 3 -> Reports.drift(name, "psi", 0.2, null, 0.1, Verdict.UNCERTAIN, Map.of("psi", 0.2));
                case 4 -> Reports.ks(name, 0.3, 1e-9, 0.05);
                default -> Reports.drift(name, "ks", 0.2, 0.04, 0.05, Verdict.UNCERTAIN, Map.of("ks", 0.2));
            });
        }
        return Reports.withFeatures(Reports.window("fraud-scorer", "3", window), features).setRevision(revision).build();
    }
}
