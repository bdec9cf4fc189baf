package io.driftwatch.alerting;

/**
 * How a per-window family-wise error rate α<sub>w</sub> is split over the m tests of one window.
 *
 * <ul>
 *   <li>{@link #SIDAK}: α = 1 − (1 − α<sub>w</sub>)<sup>1/m</sup> (Šidák 1967). Exact when the m
 *       tests are independent under the null hypothesis; also valid under positive dependence
 *       (Šidák's inequality), which is the usual case for correlated features.</li>
 *   <li>{@link #BONFERRONI}: α = α<sub>w</sub> / m. Valid under any dependence (Boole's
 *       inequality); slightly smaller than Šidák's, so slightly less powerful.</li>
 * </ul>
 * For the small α<sub>w</sub> used in monitoring the two differ by less than α<sub>w</sub>/2 in
 * relative terms (e.g. α<sub>w</sub> = 0.01, m = 20: 5.024e-4 against 5.0e-4).
 */
public enum FamilywiseCorrection {
    SIDAK {
        @Override
        public double perTestAlpha(double windowAlpha, int tests) {
            checkArguments(windowAlpha, tests);
            // 1 - (1 - a)^(1/m) computed as -expm1(log1p(-a) / m): no cancellation for tiny a.
            return -Math.expm1(Math.log1p(-windowAlpha) / tests);
        }
    },
    BONFERRONI {
        @Override
        public double perTestAlpha(double windowAlpha, int tests) {
            checkArguments(windowAlpha, tests);
            return windowAlpha / tests;
        }
    };

    /** The significance level for each of {@code tests} tests so that the window's family-wise error is {@code windowAlpha}. */
    public abstract double perTestAlpha(double windowAlpha, int tests);

    private static void checkArguments(double windowAlpha, int tests) {
        if (!(windowAlpha > 0 && windowAlpha < 1)) {
            throw new IllegalArgumentException("window alpha must be in (0, 1), got " + windowAlpha);
        }
        if (tests < 1) {
            throw new IllegalArgumentException("number of tests must be at least 1, got " + tests
                    + "; with no p-value test in the window there is no significance level to set");
        }
    }
}
