package io.driftwatch.alerting;

import java.util.Objects;

/**
 * Turns a false-alarm target ("on stationary data, expect one false drift alert every N windows
 * of a model") into the significance level of each p-value drift test.
 *
 * <p>Per window the family-wise error rate is α<sub>w</sub> = 1/N: the probability that at least
 * one of the window's tests rejects although nothing drifted. Window outcomes are taken as
 * independent over time, so the number of windows until the first false alert is geometric with
 * mean 1/α<sub>w</sub> = N. Each of the m p-value tests of a window then uses
 * {@link FamilywiseCorrection#perTestAlpha(double, int)}: Šidák by default,
 * 1 − (1 − α<sub>w</sub>)<sup>1/m</sup>, or Bonferroni α<sub>w</sub>/m.
 *
 * <p>Only tests with a p-value (KS, chi-square, z-test) spend this budget. Distance-based tests
 * (PSI, Wasserstein, Jensen–Shannon, Hellinger, KL, total variation) have no sampling distribution
 * here and keep their fixed thresholds; their false-alarm rate depends on the window size and is
 * not bounded by this policy.
 *
 * @param windowsBetweenFalseAlerts N, the expected number of windows between false alerts per
 *                                  model version; greater than 1
 * @param correction                how α<sub>w</sub> is split over a window's tests
 */
public record SignificancePolicy(double windowsBetweenFalseAlerts, FamilywiseCorrection correction) {

    public SignificancePolicy {
        Objects.requireNonNull(correction, "correction");
        if (!(windowsBetweenFalseAlerts > 1) || Double.isInfinite(windowsBetweenFalseAlerts)) {
            throw new IllegalArgumentException("windows_between_false_alerts must be a finite number greater than 1, got "
                    + windowsBetweenFalseAlerts + "; e.g. 100 means one false alert per 100 windows on stationary data");
        }
    }

    /** α<sub>w</sub> = 1/N, the probability of at least one false rejection in a window. */
    public double windowAlpha() {
        return 1.0 / windowsBetweenFalseAlerts;
    }

    /**
     * The per-test significance level for a window with {@code featuresTested} p-value tests: a
     * test's verdict is DRIFT when its p-value is below this.
     *
     * @param featuresTested m ≥ 1, the number of p-value tests run in the window (features with
     *                       enough data, plus the prediction if it is tested with a p-value)
     */
    public double alphaFor(int featuresTested) {
        return correction.perTestAlpha(windowAlpha(), featuresTested);
    }
}
