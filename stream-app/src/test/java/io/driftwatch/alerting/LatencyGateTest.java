package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.profile.LatencyAccumulator;
import io.driftwatch.schemas.LatencySummary;
import io.driftwatch.schemas.WindowReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@code latency-p99} rule (p99 ≥ 500 ms) decided with the window's sample size and the
 * latency sketch's rank error ({@link io.driftwatch.stats.QuantileThresholdTest}), through the real
 * sketch and the rules' false-alarm target, as the accuracy, error-rate and fairness rules are.
 *
 * <p>Latencies are exponential; "at the boundary" means the population p99 is exactly 500 ms, the
 * hardest stationary case (a p99 below 500 alarms less). Margins: the count of windows that fire is
 * Binomial(windows, p) with p at most the per-test level if the test is right; the check allows its
 * 99.9% quantile.
 */
class LatencyGateTest {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyGateTest.class);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
    private static final Rule P99 = RulesFile.defaults().rule("latency-p99").orElseThrow();
    /** Exponential scale whose 0.99 quantile is 500 ms: 500 / ln(100). */
    private static final double BOUNDARY_SCALE = 500 / Math.log(100);

    @Test
    void atTheBoundaryTheRuleFiresAtMostAtItsLevelWhileTheBareThresholdFiresHalfTheTime() {
        // A loose target (one false alert per 20 windows) so that the rate is measurable in 2000 windows.
        SignificancePolicy policy = new SignificancePolicy(20, FamilywiseCorrection.SIDAK);
        SignificanceGate gate = new SignificanceGate(Optional.of(policy));
        double alpha = policy.alphaFor(SignificancePolicy.MODEL_TESTS);
        Random random = new Random(20261202);
        int windows = 2000;
        int breached = 0;
        int fired = 0;
        for (int w = 0; w < windows; w++) {
            WindowReport report = report(w, sample(random, 1000, BOUNDARY_SCALE));
            Observation observation = P99.metric().observe(report).get(0);
            if (P99.breachedBy(observation.value())) {
                breached++;
                if (gate.of(P99, report, observation) == SignificanceGate.Outcome.SIGNIFICANT) {
                    fired++;
                }
            }
        }
        int bound = new BinomialDistribution(windows, alpha).inverseCumulativeProbability(0.999);
        LOG.info("p99 at 500 ms, 1000 events a window, {} windows: threshold breached in {}, significant in {} (level {}, bound {})",
            windows, breached, fired, alpha, bound);
        assertThat(fired).isLessThanOrEqualTo(bound);
        // The bare threshold is a coin toss at the boundary: the check above could fail.
        assertThat(breached).isGreaterThan(windows / 4);
    }

    @Test
    void aP99FiftyPercentAboveTheThresholdFiresInEveryWindowOfAThousandEvents() {
        RuleEngine engine = new RuleEngine(RulesFile.defaults(), CLOCK);
        AlertStateStore store = AlertStateStore.inMemory();
        Random random = new Random(7);
        // p99 = 750 ms: exponential scale 750 / ln(100); 99.5% of these windows must fire at the default target.
        int windows = 200;
        int firing = 0;
        for (int w = 0; w < windows; w++) {
            WindowReport report = report(w, sample(random, 1000, 1.5 * BOUNDARY_SCALE));
            engine.evaluate(report, store);
            if (store.get(new AlertFingerprint().of(report.getModelId(), report.getModelVersion(), P99.name(), null, null))
                    .map(AlertState::firing).orElse(false)) {
                firing++;
            }
        }
        assertThat(firing).isGreaterThanOrEqualTo(windows * 99 / 100);
    }

    @Test
    void aP99JustAboveTheThresholdInASmallWindowIsNoise() {
        // 200 events, p99 = 520 ms: four values beyond 500 ms are expected at the boundary already.
        SignificanceGate gate = new SignificanceGate(Optional.of(new SignificancePolicy(1000, FamilywiseCorrection.SIDAK)));
        Random random = new Random(3);
        int significant = 0;
        int breached = 0;
        for (int w = 0; w < 200; w++) {
            WindowReport report = report(w, sample(random, 200, 520 / Math.log(100)));
            Observation observation = P99.metric().observe(report).get(0);
            if (P99.breachedBy(observation.value())) {
                breached++;
                if (gate.of(P99, report, observation) == SignificanceGate.Outcome.SIGNIFICANT) {
                    significant++;
                }
            }
        }
        assertThat(breached).isPositive();
        assertThat(significant).isZero();
    }

    @Test
    void aReportWithoutTailQuantilesIsDecidedByTheThresholdAsBefore() {
        SignificanceGate gate = new SignificanceGate(Optional.of(new SignificancePolicy(1000, FamilywiseCorrection.SIDAK)));
        WindowReport old = Reports.window("m", "1", 0).setLatency(Reports.latency(1000, 100, 300, 510, 900)).build();
        assertThat(gate.of(P99, old, P99.metric().observe(old).get(0))).isEqualTo(SignificanceGate.Outcome.SIGNIFICANT);
    }

    /**
     * Whatever the window size and how far the population p99 is from 500 ms, the gate never calls
     * SIGNIFICANT a window whose exact share of values at or below 500 ms gives the quantile test a p-value
     * at or above the level, and never calls NOT_SIGNIFICANT one whose exact p-value is below it: the
     * sketch's error only ever widens the decision into UNDECIDED. Fixed seed (three-sigma sketch bounds).
     */
    @Property(tries = 200, seed = "20261202")
    void theSketchNeverDecidesAgainstTheExactTest(@ForAll @IntRange(min = 100, max = 20_000) int n,
                                                  @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                                  @ForAll @DoubleRange(min = 0.8, max = 1.6) double p99Factor) {
        SignificancePolicy policy = new SignificancePolicy(1000, FamilywiseCorrection.SIDAK);
        SignificanceGate gate = new SignificanceGate(Optional.of(policy));
        double alpha = policy.alphaFor(SignificancePolicy.MODEL_TESTS);
        Random random = new Random(seed);
        double[] values = new double[n];
        LatencyAccumulator sketch = new LatencyAccumulator();
        for (int i = 0; i < n; i++) {
            values[i] = (float) (-Math.log(1 - random.nextDouble()) * p99Factor * BOUNDARY_SCALE);
            sketch.add(values[i]);
        }
        WindowReport report = Reports.window("m", "1", 0).setLatency(summary(sketch)).build();
        Observation observation = P99.metric().observe(report).get(0);
        if (!P99.breachedBy(observation.value())) {
            return;
        }
        long atOrBelow = java.util.Arrays.stream(values).filter(v -> v <= 500).count();
        int k = (int) atOrBelow;
        double exact = new BinomialDistribution(null, n, 0.99).cumulativeProbability(k);
        SignificanceGate.Outcome outcome = gate.of(P99, report, observation);
        if (outcome == SignificanceGate.Outcome.SIGNIFICANT) {
            assertThat(exact).isLessThan(alpha);
        } else if (outcome == SignificanceGate.Outcome.NOT_SIGNIFICANT) {
            assertThat(exact).isGreaterThanOrEqualTo(alpha);
        }
    }

    private static LatencyAccumulator sample(Random random, int n, double scale) {
        LatencyAccumulator sketch = new LatencyAccumulator();
        for (int i = 0; i < n; i++) {
            sketch.add(-Math.log(1 - random.nextDouble()) * scale);
        }
        return sketch;
    }

    private static WindowReport report(int index, LatencyAccumulator sketch) {
        return Reports.window("m", "1", index).setLatency(summary(sketch)).build();
    }

    /** The latency summary as WindowReportBuilder writes it. */
    static LatencySummary summary(LatencyAccumulator sketch) {
        return LatencySummary.newBuilder()
            .setCount(sketch.count())
            .setP50Ms(sketch.quantile(0.50))
            .setP95Ms(sketch.quantile(0.95))
            .setP99Ms(sketch.quantile(0.99))
            .setMaxMs(sketch.max())
            .setRankError(sketch.rankError())
            .setTailQuantiles(new java.util.HashMap<>(sketch.tailQuantiles()))
            .setTailRankErrors(new java.util.HashMap<>(sketch.tailRankErrors()))
            .build();
    }
}
