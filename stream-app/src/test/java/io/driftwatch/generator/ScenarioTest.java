package io.driftwatch.generator;

import static io.driftwatch.generator.Generated.atOrAfter;
import static io.driftwatch.generator.Generated.before;
import static io.driftwatch.generator.Generated.feature;
import static io.driftwatch.generator.Generated.mean;
import static io.driftwatch.generator.Generated.median;
import static io.driftwatch.generator.Generated.sd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.schemas.PredictionEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each scenario changes what it says and nothing else. Two checks per scenario: statistics before
 * and after the start (tolerance: 4 standard errors), and an event-by-event comparison with a twin
 * generator that has the same seed and no scenario (exact, since every concern has its own random
 * stream).
 */
class ScenarioTest {

    private static final Duration TWO_MINUTES = Duration.ofMinutes(2);

    private static ModelSpec fullyLabelled(ModelSpec m) {
        return m.toBuilder().labels(new LabelSpec(1, Duration.ofSeconds(10), 0)).build();
    }

    private static List<GeneratedEvent> twin(ModelSpec m, long seed, int n, double rate) {
        return Generated.events(m.withScenarios(List.of()), seed, n, rate);
    }

    @Test
    void inputDriftShiftsMeansWidensSpreadAndAddsACategoryFromItsStart() {
        ModelSpec model = ModelSpec.builder("m", PredictionType.BINARY)
            .feature(FeatureSpec.normal("a", 10, 2).withWeight(1))
            .feature(FeatureSpec.normal("b", -5, 3).withWeight(0.5))
            .feature(FeatureSpec.logNormal("amount", 100, 0.6))
            .feature(FeatureSpec.categorical("c", List.of("x", "y", "z"), 1))
            .scenario(new Scenario.InputDrift(TWO_MINUTES, Map.of("a", 0.8), Map.of("b", 1.5, "amount", 2.0), "c", "new", 0.3))
            .build();
        int n = 48_000; // 100/s over 8 minutes: 12,000 before, 36,000 after
        List<GeneratedEvent> events = Generated.events(model, 21, n, 100);
        List<GeneratedEvent> pre = events.stream().filter(before(TWO_MINUTES)).toList();
        List<GeneratedEvent> post = events.stream().filter(atOrAfter(TWO_MINUTES)).toList();
        assertThat(pre).hasSize(12_000);

        double seDiff = 2 * Math.sqrt(1.0 / pre.size() + 1.0 / post.size());
        assertThat(mean(feature(post, "a")) - mean(feature(pre, "a"))).isCloseTo(0.8 * 2, within(4 * seDiff));
        assertThat(sd(feature(post, "a"))).isCloseTo(sd(feature(pre, "a")), within(0.05 * 2));
        assertThat(sd(feature(post, "b")) / sd(feature(pre, "b"))).isCloseTo(1.5, within(0.05));
        assertThat(mean(feature(post, "b"))).isCloseTo(-5, within(4 * 4.5 / Math.sqrt(post.size())));
        double[] logPre = java.util.Arrays.stream(feature(pre, "amount")).map(Math::log).toArray();
        double[] logPost = java.util.Arrays.stream(feature(post, "amount")).map(Math::log).toArray();
        assertThat(sd(logPost) / sd(logPre)).isCloseTo(2.0, within(0.06));
        assertThat(median(feature(post, "amount"))).isCloseTo(100, within(5.0));
        double newShare = Generated.share(post, e -> "new".equals(e.prediction().getFeatures().get("c")));
        assertThat(newShare).isCloseTo(0.3, within(4 * Math.sqrt(0.21 / post.size())));
        assertThat(pre).noneMatch(e -> "new".equals(e.prediction().getFeatures().get("c")));

        // Against the undrifted twin: exactly the stated transformation, and only after the start.
        List<GeneratedEvent> twin = twin(model, 21, n, 100);
        List<Integer> mismatches = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> drifted = events.get(i).prediction().getFeatures();
            Map<String, Object> plain = twin.get(i).prediction().getFeatures();
            boolean ok;
            if (i < pre.size()) {
                ok = drifted.equals(plain);
            } else {
                ok = Math.abs((Double) drifted.get("a") - ((Double) plain.get("a") + 1.6)) < 1e-9
                    && Math.abs((Double) drifted.get("b") - (-5 + ((Double) plain.get("b") + 5) * 1.5)) < 1e-9
                    && ("new".equals(drifted.get("c")) || drifted.get("c").equals(plain.get("c")));
            }
            if (!ok) {
                mismatches.add(i);
            }
        }
        assertThat(mismatches).as("events that differ from the undrifted twin other than as stated").isEmpty();
    }

    @Test
    void missingValuesTakeAShareOfOneFeatureFromItsStartAndNothingElse() {
        ModelSpec model = ModelSpec.builder("m", PredictionType.BINARY)
            .feature(FeatureSpec.normal("a", 10, 2).withWeight(1).withMissingRate(0.01))
            .feature(FeatureSpec.categorical("c", List.of("x", "y", "z"), 1))
            .scenario(ScenarioKind.MISSING_VALUES.forModel(ModelSpec.builder("m", PredictionType.BINARY)
                .feature(FeatureSpec.normal("a", 10, 2)).build(), TWO_MINUTES, 1))
            .build();
        int n = 48_000; // 100/s over 8 minutes: 12,000 before, 36,000 after
        List<GeneratedEvent> events = Generated.events(model, 24, n, 100);
        List<GeneratedEvent> pre = events.stream().filter(before(TWO_MINUTES)).toList();
        List<GeneratedEvent> post = events.stream().filter(atOrAfter(TWO_MINUTES)).toList();
        // Intensity 1: 30% more of the events, on top of the 1% of its own: 1 − 0.99 · 0.7 = 30.7%.
        double missingPre = Generated.share(pre, e -> e.prediction().getFeatures().get("a") == null);
        double missingPost = Generated.share(post, e -> e.prediction().getFeatures().get("a") == null);
        assertThat(missingPre).isCloseTo(0.01, within(4 * Math.sqrt(0.0099 / pre.size())));
        assertThat(missingPost).isCloseTo(0.307, within(4 * Math.sqrt(0.307 * 0.693 / post.size())));
        // The values that arrive keep their distribution.
        assertThat(mean(feature(post, "a"))).isCloseTo(mean(feature(pre, "a")),
            within(4 * 2 * Math.sqrt(1.0 / pre.size() + 1.0 / post.size())));

        // Against the twin without it: the same events, but for 'a' taken away after the start.
        List<GeneratedEvent> twin = twin(model, 24, n, 100);
        List<Integer> mismatches = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> lost = events.get(i).prediction().getFeatures();
            Map<String, Object> plain = twin.get(i).prediction().getFeatures();
            Map<String, Object> plainWithoutA = new java.util.HashMap<>(plain);
            plainWithoutA.put("a", null);
            boolean ok = lost.equals(plain) || i >= pre.size() && lost.equals(plainWithoutA);
            if (!ok) {
                mismatches.add(i);
            }
        }
        assertThat(mismatches).as("events that differ from the twin other than in a lost value of 'a'").isEmpty();
        assertThat(model.changes()).singleElement().satisfies(c -> assertThat(c.description())
            .isEqualTo("missing values: a missing in 30% more of the events (was 1%), as when its pipeline fails for part"
                + " of the traffic"));
    }

    @Test
    void demoCreditScorerDriftsAtTwoMinutesAndItsScoresFollow() {
        ModelSpec model = DemoSchedule.creditScorer();
        List<GeneratedEvent> events = Generated.events(model, 22, 48_000, 100);
        List<GeneratedEvent> pre = events.stream().filter(before(TWO_MINUTES)).toList();
        List<GeneratedEvent> post = events.stream().filter(atOrAfter(TWO_MINUTES)).toList();
        // +1.5 sd of 0.15; values pushed above 1 are clamped (0.2% of them), hence the extra 0.002.
        double move = mean(feature(post, "credit_utilization")) - mean(feature(pre, "credit_utilization"));
        assertThat(move).isCloseTo(0.225, within(4 * 0.15 * Math.sqrt(1.0 / pre.size() + 1.0 / post.size()) + 0.002));
        assertThat(Generated.share(post, e -> "gig_worker".equals(e.prediction().getFeatures().get("employment_type"))))
            .isCloseTo(0.25, within(4 * Math.sqrt(0.1875 / post.size())));
        // Higher utilization means more predicted defaults: the prediction distribution moves too.
        double scorePre = mean(Generated.values(pre.stream().filter(e -> !e.prediction().getError()).toList(),
            p -> p.getPrediction().getScore()));
        double scorePost = mean(Generated.values(post.stream().filter(e -> !e.prediction().getError()).toList(),
            p -> p.getPrediction().getScore()));
        assertThat(scorePost - scorePre).isGreaterThan(0.05);
        // Untouched features keep their marginal.
        assertThat(mean(feature(post, "age"))).isCloseTo(mean(feature(pre, "age")), within(4 * 13 * Math.sqrt(1.0 / pre.size() + 1.0 / post.size())));
    }

    @Test
    void latencyRampsUpWithErrorsAndNothingElseChanges() {
        ModelSpec model = DemoSchedule.deliveryEta(); // x10 and +10% errors, ramp 3:00 -> 5:00
        int n = 48_000; // 100/s over 8 minutes
        List<GeneratedEvent> events = Generated.events(model, 23, n, 100);
        List<GeneratedEvent> twin = twin(model, 23, n, 100);
        List<GeneratedEvent> pre = events.stream().filter(before(Duration.ofMinutes(3))).toList();
        List<GeneratedEvent> full = events.stream().filter(atOrAfter(Duration.ofMinutes(5))).toList();
        double medianPre = median(Generated.values(pre, PredictionEvent::getLatencyMs));
        double medianFull = median(Generated.values(full, PredictionEvent::getLatencyMs));
        assertThat(medianPre).isCloseTo(35, within(35 * 0.35 * 4 * 1.2533 / Math.sqrt(pre.size())));
        assertThat(medianFull / medianPre).isCloseTo(10, within(0.5));
        double errorsPre = Generated.share(pre, e -> e.prediction().getError());
        double errorsFull = Generated.share(full, e -> e.prediction().getError());
        assertThat(errorsPre).isCloseTo(0.005, within(4 * Math.sqrt(0.005 / pre.size())));
        assertThat(errorsFull).isCloseTo(0.105, within(4 * Math.sqrt(0.094 / full.size())));

        List<Integer> mismatches = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            PredictionEvent drifted = events.get(i).prediction();
            PredictionEvent plain = twin.get(i).prediction();
            long offset = Duration.between(Generated.START, drifted.getEventTime()).toMillis();
            double progress = Math.max(0, Math.min(1, (offset - 180_000) / 120_000.0));
            boolean ok = Math.abs(drifted.getLatencyMs() - plain.getLatencyMs() * (1 + 9 * progress)) <= 1e-9 * drifted.getLatencyMs()
                && drifted.getFeatures().equals(plain.getFeatures())
                && (drifted.getError() || plain.getError() || drifted.getPrediction().equals(plain.getPrediction()));
            if (!ok) {
                mismatches.add(i);
            }
        }
        assertThat(mismatches).as("events that differ from the twin other than in latency and errors").isEmpty();
    }

    @Test
    void conceptDriftChangesOnlyLabelsAndOnlyInItsRegion() {
        ModelSpec model = fullyLabelled(DemoSchedule.churnPredictor()); // tenure_months > 24, flip 0.8, at 2:00
        int n = 48_000;
        List<GeneratedEvent> events = Generated.events(model, 24, n, 100);
        List<GeneratedEvent> twin = twin(model, 24, n, 100);

        // Inputs and predictions are those of the twin, event for event; so are labels outside the region or before the start.
        int changedLabels = 0;
        List<Integer> mismatches = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            GeneratedEvent e = events.get(i);
            boolean inRegion = e.prediction().getFeatures().get("tenure_months") instanceof Double t && t > 24;
            boolean sameOutcome = java.util.Objects.equals(e.outcome(), twin.get(i).outcome());
            if (!e.prediction().equals(twin.get(i).prediction()) || ((before(TWO_MINUTES).test(e) || !inRegion) && !sameOutcome)) {
                mismatches.add(i);
            } else if (!sameOutcome) {
                changedLabels++;
            }
        }
        assertThat(mismatches).as("events whose prediction, or whose outcome outside the region, differs from the twin").isEmpty();
        assertThat(changedLabels).isGreaterThan(1000);

        // Feature marginals before and after are the same distribution.
        List<GeneratedEvent> pre = events.stream().filter(before(TWO_MINUTES)).toList();
        List<GeneratedEvent> post = events.stream().filter(atOrAfter(TWO_MINUTES)).toList();
        double se = Math.sqrt(1.0 / pre.size() + 1.0 / post.size());
        assertThat(mean(feature(post, "tenure_months"))).isCloseTo(mean(feature(pre, "tenure_months")), within(4 * 18 * se));
        assertThat(mean(feature(post, "monthly_charges"))).isCloseTo(mean(feature(pre, "monthly_charges")), within(4 * 25 * se));

        // In the region, P(y = 1 | x) is now p + 0.8(1 − 2p) with p the (calibrated) score.
        List<GeneratedEvent> region = post.stream().filter(e -> !e.prediction().getError())
            .filter(e -> (Double) e.prediction().getFeatures().get("tenure_months") > 24).toList();
        double expected = region.stream().mapToDouble(e -> {
            double p = e.prediction().getPrediction().getScore();
            return p + 0.8 * (1 - 2 * p);
        }).average().orElseThrow();
        double observed = Generated.share(region, e -> e.outcome().getLabel().equals("1"));
        double before = Generated.share(pre.stream().filter(e -> !e.prediction().getError())
            .filter(e -> (Double) e.prediction().getFeatures().get("tenure_months") > 24).toList(), e -> e.outcome().getLabel().equals("1"));
        assertThat(observed).isCloseTo(expected, within(4 * Math.sqrt(expected * (1 - expected) / region.size())));
        assertThat(observed - before).isGreaterThan(0.25);
    }

    @Test
    void fairnessGapLowersOneGroupsPositiveRateAndTprBelowFourFifths() {
        ModelSpec model = fullyLabelled(DemoSchedule.loanApproval()); // group B, -1 logit, from 1:30
        int n = 48_000;
        List<GeneratedEvent> events = Generated.events(model, 25, n, 100);
        Duration start = Duration.ofSeconds(90);
        GroupRates pre = GroupRates.of(events.stream().filter(before(start)).toList());
        GroupRates post = GroupRates.of(events.stream().filter(atOrAfter(start)).toList());

        assertThat(pre.disparateImpact()).isGreaterThan(0.9);
        assertThat(post.disparateImpact()).isLessThan(0.8);
        assertThat(post.tpr("A") - post.tpr("B")).isGreaterThan(0.15);
        assertThat(pre.tpr("A") - pre.tpr("B")).isLessThan(0.05);
        // The truth is the same for both groups: their outcome rates agree.
        assertThat(post.outcomeRate("B")).isCloseTo(post.outcomeRate("A"), within(0.03));

        List<GeneratedEvent> twin = twin(model, 25, n, 100);
        List<Integer> mismatches = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            GeneratedEvent e = events.get(i);
            boolean untouched = !e.prediction().getSegments().get("group").equals("B") || before(start).test(e);
            if (!java.util.Objects.equals(e.outcome(), twin.get(i).outcome())
                || (untouched && !e.prediction().equals(twin.get(i).prediction()))) {
                mismatches.add(i);
            }
        }
        assertThat(mismatches).as("events that differ from the twin other than in group B's scores").isEmpty();
    }

    /** Positive-prediction rate, TPR and outcome rate per protected group, over non-error labelled events. */
    private record GroupRates(Map<String, double[]> byGroup) {
        static GroupRates of(List<GeneratedEvent> events) {
            Map<String, double[]> m = new java.util.HashMap<>(); // n, predicted+, actual+, true+
            for (GeneratedEvent e : events) {
                if (e.prediction().getError()) {
                    continue;
                }
                double[] c = m.computeIfAbsent(e.prediction().getSegments().get("group"), g -> new double[4]);
                boolean predicted = e.prediction().getPrediction().getLabel().equals("1");
                boolean actual = e.outcome().getLabel().equals("1");
                c[0]++;
                c[1] += predicted ? 1 : 0;
                c[2] += actual ? 1 : 0;
                c[3] += predicted && actual ? 1 : 0;
            }
            return new GroupRates(m);
        }

        double positiveRate(String g) {
            return byGroup.get(g)[1] / byGroup.get(g)[0];
        }

        double tpr(String g) {
            return byGroup.get(g)[3] / byGroup.get(g)[2];
        }

        double outcomeRate(String g) {
            return byGroup.get(g)[2] / byGroup.get(g)[0];
        }

        /** min PR / max PR over the groups, the four-fifths rule's ratio. */
        double disparateImpact() {
            double a = positiveRate("A");
            double b = positiveRate("B");
            return Math.min(a, b) / Math.max(a, b);
        }
    }

    @Test
    void speedDividesScenarioTimesAndLabelDelays() {
        ModelSpec fast = DemoSchedule.deliveryEta().scaled(4);
        Scenario.LatencyDegradation d = (Scenario.LatencyDegradation) fast.scenarios().get(0);
        assertThat(d.start()).isEqualTo(Duration.ofSeconds(45));
        assertThat(d.ramp()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fast.labels().medianDelay()).isEqualTo(Duration.ofMillis(11_250));
    }
}
