package io.driftwatch.stats;

import org.apache.commons.math3.distribution.HypergeometricDistribution;

/**
 * One-sided Fisher's exact test that a proportion is lower in a second sample than in a first: with x₁ of n₁ and x₂
 * of n₂ successes, conditionally on their total K = x₁ + x₂ the second sample's successes are hypergeometric when
 * both samples share one proportion, and
 * <pre>  p = P(X ≤ x₂),  X ~ Hypergeometric(N = n₁ + n₂, K, n₂),
 *   P(X = k) = C(K, k) · C(N − K, n₂ − k) / C(N, n₂)</pre>
 * (Fisher, <i>Statistical Methods for Research Workers</i>, §21.02; Agresti, <i>Categorical Data Analysis</i>,
 * 3rd ed., §3.5.1). This is {@code scipy.stats.fisher_exact([[x2, n2 - x2], [x1, n1 - x1]],
 * alternative='less')}. Unlike the pooled z-test it is valid at every level for any proportion and sample size (the
 * normal approximation understates the lower tail of a proportion near 1, where a missing-value rate lives), and is
 * conservative by the discreteness of X.
 *
 * <p>The tail is summed from x₂ towards the lower end of X's support with the ratio of successive terms,
 * P(X = k − 1) / P(X = k) = k (N − K − n₂ + k) / ((K − k + 1)(n₂ − k + 1)), starting from P(X = x₂) (commons-math's
 * saddle-point form), and stops when the terms no longer change the sum in double precision: below the mode the terms
 * fall faster than geometrically, so the sum stops long before the end of X's support however large the samples.
 * Above the mode the p-value is 1 − P(X &gt; x₂), summed upwards the same way.
 */
public final class FisherExactTest {

    private FisherExactTest() {
    }

    /**
     * P(X ≤ x₂): small when the second sample has significantly fewer successes than the first's proportion.
     *
     * @param firstHits   x₁, successes in the first sample
     * @param firstSize   n₁ &gt; 0
     * @param secondHits  x₂, successes in the second sample
     * @param secondSize  n₂ &gt; 0; n₁ + n₂ at most {@link Integer#MAX_VALUE}
     */
    public static double lowerInSecond(long firstHits, long firstSize, long secondHits, long secondSize) {
        if (firstSize <= 0 || secondSize <= 0 || firstHits < 0 || secondHits < 0 || firstHits > firstSize
                || secondHits > secondSize || firstSize + secondSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Need 0 <= hits <= size, size > 0 and sizes summing to at most "
                    + Integer.MAX_VALUE + ", got " + firstHits + "/" + firstSize + " and " + secondHits + "/" + secondSize);
        }
        int population = (int) (firstSize + secondSize);
        int successes = (int) (firstHits + secondHits);
        int drawn = (int) secondSize;
        int x = (int) secondHits;
        HypergeometricDistribution h = new HypergeometricDistribution(null, population, successes, drawn);
        int lowest = h.getSupportLowerBound();
        int highest = h.getSupportUpperBound();
        if (x >= highest) {
            return 1;
        }
        double mode = ((double) drawn + 1) * ((double) successes + 1) / ((double) population + 2);
        if (x < mode) {
            return Math.min(1, downwardTail(h.probability(x), x, lowest, population, successes, drawn));
        }
        return Math.max(0, 1 - upwardTail(h.probability(x + 1), x + 1, highest, population, successes, drawn));
    }

    /** Σ P(X = k) for k from {@code from} down to {@code lowest}. */
    private static double downwardTail(double first, int from, int lowest, int population, int successes, int drawn) {
        double term = first;
        double sum = first;
        for (int k = from; k > lowest && term > sum * 1e-17; k--) {
            term *= (double) k * ((double) population - successes - drawn + k)
                    / (((double) successes - k + 1) * ((double) drawn - k + 1));
            sum += term;
        }
        return sum;
    }

    /** Σ P(X = k) for k from {@code from} up to {@code highest}. */
    private static double upwardTail(double first, int from, int highest, int population, int successes, int drawn) {
        double term = first;
        double sum = first;
        for (int k = from; k < highest && term > sum * 1e-17; k++) {
            term *= ((double) successes - k) * ((double) drawn - k)
                    / (((double) k + 1) * ((double) population - successes - drawn + k + 1));
            sum += term;
        }
        return sum;
    }
}
