package io.driftwatch.alerting;

import java.util.Objects;

/**
 * Turns a false-alarm target ("on stationary data, expect one false alert every N windows of a
 * model version") into the significance level of each test that gates a default rule.
 *
 * <p>Per window the family-wise error rate is α<sub>w</sub> = 1/N: the probability that at least
 * one of the window's tests rejects although nothing changed. Window outcomes are taken as
 * independent over time, so the number of windows until the first false alert is geometric with
 * mean 1/α<sub>w</sub> = N. The window's m tests each use
 * {@link FamilywiseCorrection#perTestAlpha(double, int)}: Šidák by default,
 * 1 − (1 − α<sub>w</sub>)<sup>1/m</sup>, or Bonferroni α<sub>w</sub>/m.
 *
 * <p>Which tests spend the budget: every tested feature's significance test (its own p-value test,
 * or, for a feature judged by a distance, the Kolmogorov–Smirnov or chi-square test that must also
 * reject before the distance counts; a feature compared as numbers splits its share in half between
 * KS and the chi-square test on reference-quantile bins: {@link io.driftwatch.stats.SignificantEffect}), which gates
 * {@code feature-drift} and both PSI rules of that feature (one alert per feature, see
 * {@link Inhibition}, so one share each), the prediction's drift test decided the same way, which gates
 * {@code prediction-drift}, plus {@value #MODEL_TESTS} shares for the tests that
 * gate {@code accuracy-drop} (and {@code concept-drift}, which asks the same question),
 * {@code error-rate}, {@code disparate-impact}, {@code latency-p99}, and the missing-values rules
 * {@code feature-missing} and {@code feature-missing-partial} (one share for all features together)
 * ({@link SignificanceGate}).
 * Rules without a test (the latency maximum, and any rule a user adds on a metric without one) keep
 * their fixed thresholds and are outside the budget; docs/alerting.md says how to read them.
 *
 * @param windowsBetweenFalseAlerts N, the expected number of windows between false alerts per
 *                                  model version; greater than 1
 * @param correction                how α<sub>w</sub> is split over a window's tests
 * @param resolveLevel              the level at which a firing alert's window still shows its problem
 *                                  ({@link ProblemPersistence}); 0 holds no alert that way
 */
public record SignificancePolicy(double windowsBetweenFalseAlerts, FamilywiseCorrection correction, double resolveLevel) {

    /** The default {@code resolve_level}: the conventional level, Evidently's default for its p-value tests. */
    public static final double DEFAULT_RESOLVE_LEVEL = 0.05;

    /**
     * Shares of the window's budget kept for the model-level tests: accuracy drop, error rate,
     * disparate impact of one protected attribute, the latency quantile, and the features' missing values
     * (one share split over the features).
     */
    public static final int MODEL_TESTS = 5;
    /** Statistic under which a decided feature carries its significance test's p-value. */
    public static final String P_VALUE_STATISTIC = "significance_p_value";
    /** Statistic under which a decided feature carries the level it was decided at. */
    public static final String LEVEL_STATISTIC = "significance_level";

    public SignificancePolicy {
        Objects.requireNonNull(correction, "correction");
        if (!(windowsBetweenFalseAlerts > 1) || Double.isInfinite(windowsBetweenFalseAlerts)) {
            throw new IllegalArgumentException("windows_between_false_alerts must be a finite number greater than 1, got "
                    + windowsBetweenFalseAlerts + "; e.g. 100 means one false alert per 100 windows on stationary data");
        }
        if (!(resolveLevel >= 0 && resolveLevel < 1)) {
            throw new IllegalArgumentException("resolve_level must be a number from 0 (hold no firing alert) to below 1, got "
                    + resolveLevel + "; e.g. 0.05 keeps an alert firing while its window still shows the problem at 5%");
        }
    }

    /** A target with the default {@code resolve_level}. */
    public SignificancePolicy(double windowsBetweenFalseAlerts, FamilywiseCorrection correction) {
        this(windowsBetweenFalseAlerts, correction, DEFAULT_RESOLVE_LEVEL);
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
