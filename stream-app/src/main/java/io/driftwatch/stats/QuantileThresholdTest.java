package io.driftwatch.stats;

import java.util.Map;
import java.util.NavigableMap;
import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * Whether a population quantile is above (or below) a threshold, from a window's sample seen
 * through a quantile sketch: the distribution-free order-statistic test, with the sketch's rank error
 * carried as an interval. Pure functions; no Kafka.
 *
 * <p>Let B be the number of the window's n values at or below the threshold T. If the population's
 * q-quantile ξ<sub>q</sub> is at most T, each value is at or below T with probability at least q, so
 * B is stochastically at least Binomial(n, q); few values at or below T are the evidence that
 * ξ<sub>q</sub> &gt; T, with the one-sided p-value P(Binomial(n, q) ≤ B) (Conover, <i>Practical
 * Nonparametric Statistics</i>, 3rd ed., §3.2, the quantile test; it is exact for any continuous
 * distribution and conservative otherwise). The "below" direction is the mirror image,
 * P(Binomial(n, q) ≥ B') with B' the values below T.
 *
 * <p>The sketch does not give B: it gives the latency at a grid of ranks, each value's true rank
 * within its own ε of its nominal one. From the grid, the empirical CDF at T, F̂(T) = B/n, lies
 * between the largest rank whose value is at or below T, less its ε, and the smallest rank whose value
 * is above T, plus its ε; the exact maximum pins F̂(T) = 1 when it is at or below T. The p-value is computed at both
 * ends of that interval: {@link PValueInterval#low()} with the fewest values at or below T that the
 * sketch allows (the most evidence), {@link PValueInterval#high()} with the most.
 */
public final class QuantileThresholdTest {

    private QuantileThresholdTest() {
    }

    /** The range of p-values the sketch's error and the rank grid allow; low ≤ high. */
    public record PValueInterval(double low, double high) {

        /** Significant at {@code alpha} whatever the sketch's error. */
        public boolean significantAt(double alpha) {
            return high < alpha;
        }

        /** Not significant at {@code alpha} even with the sketch's error in its favour. */
        public boolean notSignificantAt(double alpha) {
            return low >= alpha;
        }
    }

    /**
     * Bounds of F̂(T), the share of the n values at or below {@code threshold}.
     *
     * @param quantiles  rank → value from the sketch (inclusive search: the smallest value whose rank is
     *                   at least the requested one), any ranks in (0, 1)
     * @param rankErrors rank → ε, the normalized rank error of that value (a missing rank counts as
     *                   unusable)
     * @param max        the exact largest value
     * @return {low, high}, both in [0, 1]
     */
    public static double[] cdfBounds(NavigableMap<Double, Double> quantiles, Map<Double, Double> rankErrors, double max,
                                     double threshold) {
        if (max <= threshold) {
            return new double[] {1, 1};
        }
        double low = 0;
        double high = 1;
        for (Map.Entry<Double, Double> e : quantiles.entrySet()) {
            Double error = rankErrors.get(e.getKey());
            if (error == null || !(error >= 0)) {
                continue;
            }
            if (e.getValue() <= threshold) {
                low = Math.max(low, e.getKey() - error);
            } else {
                high = Math.min(high, e.getKey() + error);
            }
        }
        low = Math.max(0, low);
        high = Math.min(1, high);
        return new double[] {low, Math.max(low, high)};
    }

    /**
     * The p-values, at both ends of the sketch's interval, that the population {@code q}-quantile is
     * above the threshold (H0: ξ<sub>q</sub> ≤ T).
     *
     * @param n        values in the window
     * @param cdfLow   lower bound of F̂(T) ({@link #cdfBounds})
     * @param cdfHigh  upper bound of F̂(T)
     * @param maxAbove whether the exact maximum is above T (then at most n − 1 values are at or below it)
     */
    public static PValueInterval above(long n, double q, double cdfLow, double cdfHigh, boolean maxAbove) {
        if (n <= 0) {
            return new PValueInterval(1, 1);
        }
        int size = (int) Math.min(n, Integer.MAX_VALUE);
        int fewest = (int) Math.ceil(cdfLow * size - 1e-9);
        int most = (int) Math.floor(cdfHigh * size + 1e-9);
        if (maxAbove) {
            most = Math.min(most, size - 1);
            fewest = Math.min(fewest, most);
        }
        BinomialDistribution atOrBelow = new BinomialDistribution(null, size, q);
        return new PValueInterval(atOrBelow.cumulativeProbability(fewest), atOrBelow.cumulativeProbability(most));
    }

    /**
     * The p-values that the population {@code q}-quantile is below the threshold (H0: ξ<sub>q</sub> ≥ T):
     * many values below T are the evidence, P(Binomial(n, q) ≥ B').
     */
    public static PValueInterval below(long n, double q, double cdfLow, double cdfHigh) {
        if (n <= 0) {
            return new PValueInterval(1, 1);
        }
        int size = (int) Math.min(n, Integer.MAX_VALUE);
        int fewest = (int) Math.ceil(cdfLow * size - 1e-9);
        int most = (int) Math.floor(cdfHigh * size + 1e-9);
        BinomialDistribution atOrBelow = new BinomialDistribution(null, size, q);
        // P(X >= k) = 1 - P(X <= k - 1); the most values below T give the smallest p-value.
        return new PValueInterval(tail(atOrBelow, most), tail(atOrBelow, fewest));
    }

    private static double tail(BinomialDistribution d, int k) {
        return k <= 0 ? 1 : 1 - d.cumulativeProbability(k - 1);
    }
}
