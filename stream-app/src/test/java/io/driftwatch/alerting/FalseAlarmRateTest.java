package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.FeatureDrift;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On stationary data, a false-alarm target of one alert per N windows holds: simulated windows of m
 * features, each compared with its baseline by a real two-sample KS test (Commons Math), with the
 * per-test level from {@link SignificancePolicy}, go through the rule engine with a
 * {@code feature.drift == 1} rule; the share of windows with at least one drift verdict, and of
 * windows with at least one FIRING alert, stays within the target.
 *
 * <p>Margin: the count of such windows is Binomial(windows, p) with p at most 1/N if the policy is
 * right; the test allows up to the 99.9% quantile of Binomial(windows, 1/N), so a correct policy
 * fails it with probability at most 0.1% (and never with this fixed seed). A control run with the
 * uncorrected level 1/N per test must exceed the same bound, which shows the check can fail.
 */
class FalseAlarmRateTest {

    private static final Logger LOG = LoggerFactory.getLogger(FalseAlarmRateTest.class);

    private static final int WINDOWS = 2000;
    private static final int FEATURES = 10;
    private static final int BASELINE_SIZE = 500;
    private static final int WINDOW_SIZE = 100;
    private static final double WINDOWS_BETWEEN_FALSE_ALERTS = 20;

    @Test
    void stationaryDataStaysWithinTheFalseAlarmTarget() {
        double[][] pValues = new double[WINDOWS][FEATURES];
        double[][] statistics = new double[WINDOWS][FEATURES];
        simulateKsTests(pValues, statistics);
        SignificancePolicy policy = new SignificancePolicy(WINDOWS_BETWEEN_FALSE_ALERTS, FamilywiseCorrection.SIDAK);
        int bound = new BinomialDistribution(WINDOWS, policy.windowAlpha()).inverseCumulativeProbability(0.999);

        Outcome corrected = run(pValues, statistics, policy.alphaFor(FEATURES));
        int uncorrected = windowsWithAnyPValueBelow(pValues, policy.windowAlpha());

        LOG.info("false alarms over {} stationary windows of {} features, target 1 per {} windows (bound {}): "
                        + "corrected alpha {}: {} windows with a drift verdict, {} with a FIRING alert; "
                        + "uncorrected alpha {}: {} windows with a drift verdict",
                WINDOWS, FEATURES, WINDOWS_BETWEEN_FALSE_ALERTS, bound, policy.alphaFor(FEATURES),
                corrected.windowsWithDrift, corrected.windowsWithFiring, policy.windowAlpha(), uncorrected);
        assertThat(corrected.windowsWithDrift).isLessThanOrEqualTo(bound);
        assertThat(corrected.windowsWithFiring).isLessThanOrEqualTo(corrected.windowsWithDrift).isPositive();
        assertThat(uncorrected).isGreaterThan(2 * bound);
    }

    private record Outcome(int windowsWithDrift, int windowsWithFiring) {
    }

    private static Outcome run(double[][] pValues, double[][] statistics, double alpha) {
        RuleSet rules = RulesFile.parse("r.yaml", """
                rules:
                  - name: drift
                    metric: feature.drift
                    comparator: "=="
                    threshold: 1
                    severity: warning
                """);
        RuleEngine engine = new RuleEngine(rules, Clock.systemUTC());
        AlertStateStore store = AlertStateStore.inMemory();
        int withDrift = 0;
        int withFiring = 0;
        for (int w = 0; w < pValues.length; w++) {
            List<FeatureDrift> features = new ArrayList<>(FEATURES);
            for (int f = 0; f < FEATURES; f++) {
                features.add(Reports.ks("f" + f, statistics[w][f], pValues[w][f], alpha));
            }
            var report = Reports.withFeatures(Reports.window("model", "1", w), features).build();
            List<Alert> alerts = engine.evaluate(report, store);
            if (report.getDriftedFeatureCount() > 0) {
                withDrift++;
            }
            if (alerts.stream().anyMatch(a -> a.getStatus() == AlertStatus.FIRING)) {
                withFiring++;
            }
        }
        return new Outcome(withDrift, withFiring);
    }

    private static int windowsWithAnyPValueBelow(double[][] pValues, double alpha) {
        int windows = 0;
        for (double[] window : pValues) {
            if (java.util.Arrays.stream(window).anyMatch(p -> p < alpha)) {
                windows++;
            }
        }
        return windows;
    }

    /** KS tests of fresh windows against a fixed baseline per feature, all N(0, 1): nothing drifts. */
    private static void simulateKsTests(double[][] pValues, double[][] statistics) {
        RandomGenerator random = new Well19937c(20261122L);
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double[][] baselines = new double[FEATURES][BASELINE_SIZE];
        for (double[] baseline : baselines) {
            fill(random, baseline);
        }
        double[] window = new double[WINDOW_SIZE];
        for (int w = 0; w < pValues.length; w++) {
            for (int f = 0; f < FEATURES; f++) {
                fill(random, window);
                // What kolmogorovSmirnovTest(x, y) does for samples this large (n * m >= 10000),
                // without computing the statistic twice.
                statistics[w][f] = ks.kolmogorovSmirnovStatistic(baselines[f], window);
                pValues[w][f] = ks.approximateP(statistics[w][f], BASELINE_SIZE, WINDOW_SIZE);
            }
        }
    }

    private static void fill(RandomGenerator random, double[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
    }
}
