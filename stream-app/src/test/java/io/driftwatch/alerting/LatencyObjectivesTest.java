package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.profile.LatencyAccumulator;
import io.driftwatch.schemas.LatencyObjective;
import io.driftwatch.schemas.WindowReport;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The latency objectives written into the report: the verdict the gate decides the rule with, and an
 * UNCERTAIN verdict with its reason when the sketch cannot tell.
 */
class LatencyObjectivesTest {

    private static final RuleSet DEFAULTS = RulesFile.defaults();
    private static final Rule P99 = DEFAULTS.rule("latency-p99").orElseThrow();

    @Test
    void aClearBreachAndAClearPassAreWrittenWithTheirLevel() {
        Random random = new Random(1);
        WindowReport slow = report(0, sample(random, 1000, 750 / Math.log(100))); // population p99 750 ms
        LatencyObjectives.annotate(slow, DEFAULTS);
        LatencyObjective breached = slow.getLatency().getObjectives().get(0);
        assertThat(breached.getRule()).isEqualTo("latency-p99");
        assertThat(breached.getQuantile()).isEqualTo("p99_ms");
        assertThat(breached.getComparator()).isEqualTo(">=");
        assertThat(breached.getThresholdMs()).isEqualTo(500.0);
        assertThat(breached.getVerdict()).isEqualTo("BREACHED");
        assertThat(breached.getPValueHigh()).isLessThan(breached.getLevel());
        // No features: the level is the target's share for the four model-level tests.
        assertThat(breached.getLevel()).isEqualTo(DEFAULTS.significancePolicy().orElseThrow()
                .alphaFor(SignificancePolicy.MODEL_TESTS));

        WindowReport fast = report(1, sample(random, 1000, 300 / Math.log(100)));
        LatencyObjectives.annotate(fast, DEFAULTS);
        LatencyObjective passed = fast.getLatency().getObjectives().get(0);
        assertThat(passed.getVerdict()).isEqualTo("NOT_BREACHED");
        assertThat(passed.getReason()).isNull();
        assertThat(passed.getPValueLow()).isEqualTo(1.0);
    }

    @Test
    void withoutATargetOrBelowTheRulesMinimumNothingIsWritten() {
        WindowReport report = report(0, sample(new Random(2), 1000, 750 / Math.log(100)));
        LatencyObjectives.annotate(report, new RuleSet(DEFAULTS.rules(), null));
        assertThat(report.getLatency().getObjectives()).isNull();
        WindowReport few = report(0, sample(new Random(3), 50, 750 / Math.log(100)));
        LatencyObjectives.annotate(few, DEFAULTS);
        assertThat(few.getLatency().getObjectives()).as("min_samples 100").isEmpty();
    }

    /**
     * At the boundary (population p99 exactly 500 ms) with windows large enough for the sketch to
     * estimate, every verdict written agrees with the gate's outcome for the rule, and some windows
     * are UNCERTAIN, each with the interval and the level in its reason.
     */
    @Test
    void atTheBoundaryTheReportSaysUncertainWithTheReasonWhereTheGateCannotDecide() {
        SignificanceGate gate = new SignificanceGate(DEFAULTS.significancePolicy());
        Random random = new Random(20261203);
        Map<LatencyObjectives.Verdict, Integer> verdicts = new EnumMap<>(LatencyObjectives.Verdict.class);
        String reason = null;
        for (int w = 0; w < 300; w++) {
            WindowReport report = report(w, sample(random, 20_000, 500 / Math.log(100)));
            LatencyObjectives.annotate(report, DEFAULTS);
            LatencyObjective objective = report.getLatency().getObjectives().get(0);
            LatencyObjectives.Verdict verdict = LatencyObjectives.Verdict.valueOf(objective.getVerdict());
            verdicts.merge(verdict, 1, Integer::sum);
            Observation observation = P99.metric().observe(report).get(0);
            SignificanceGate.Outcome expected = switch (verdict) {
                case BREACHED -> SignificanceGate.Outcome.SIGNIFICANT;
                case NOT_BREACHED -> SignificanceGate.Outcome.NOT_SIGNIFICANT;
                case UNCERTAIN -> SignificanceGate.Outcome.UNDECIDED;
            };
            if (P99.breachedBy(observation.value())) {
                assertThat(gate.of(P99, report, observation)).isEqualTo(expected);
            } else {
                assertThat(verdict).isEqualTo(LatencyObjectives.Verdict.NOT_BREACHED);
            }
            if (verdict == LatencyObjectives.Verdict.UNCERTAIN) {
                reason = objective.getReason();
                assertThat(objective.getPValueLow()).isLessThan(objective.getLevel());
                assertThat(objective.getPValueHigh()).isGreaterThanOrEqualTo(objective.getLevel());
            }
        }
        assertThat(verdicts).containsKey(LatencyObjectives.Verdict.UNCERTAIN);
        assertThat(reason).contains("p99").contains("≥ 500 ms").contains("straddles the level");
        assertThat(Optional.ofNullable(verdicts.get(LatencyObjectives.Verdict.BREACHED)).orElse(0))
                .as("at the boundary the rule must not fire more than rarely").isLessThanOrEqualTo(3);
    }

    private static LatencyAccumulator sample(Random random, int n, double scale) {
        LatencyAccumulator sketch = new LatencyAccumulator();
        for (int i = 0; i < n; i++) {
            sketch.add(-Math.log(1 - random.nextDouble()) * scale);
        }
        return sketch;
    }

    private static WindowReport report(int index, LatencyAccumulator sketch) {
        return Reports.window("m", "1", index).setLatency(LatencyGateTest.summary(sketch)).build();
    }
}
