package io.driftwatch.generator;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A finite distribution over indices 0..n−1 with given non-negative weights, sampled by inverse
 * transform on the cumulative weights (one uniform draw, binary search).
 */
final class DiscreteDistribution {

    private final double[] cumulative;

    DiscreteDistribution(double[] weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("a discrete distribution needs at least one weight");
        }
        cumulative = new double[weights.length];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + weights[i] + " at index " + i
                    + " must be a finite number >= 0");
            }
            total += weights[i];
            cumulative[i] = total;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("weights " + Arrays.toString(weights) + " sum to 0; give at least one a positive weight");
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= total;
        }
        cumulative[cumulative.length - 1] = 1.0;
    }

    /** Zipf weights 1/k^s for ranks k = 1..n. */
    static DiscreteDistribution zipf(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("a Zipf distribution needs at least one rank, got " + n);
        }
        if (!(exponent >= 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("Zipf exponent " + exponent + " must be a finite number >= 0");
        }
        return new DiscreteDistribution(zipfWeights(n, exponent));
    }

    static double[] zipfWeights(int n, double exponent) {
        double[] weights = new double[n];
        for (int k = 0; k < n; k++) {
            weights[k] = Math.pow(k + 1, -exponent);
        }
        return weights;
    }

    /** Probability of index {@code i}. */
    double probability(int i) {
        return i == 0 ? cumulative[0] : cumulative[i] - cumulative[i - 1];
    }

    int sample(RandomGenerator random) {
        return indexOf(random.nextDouble());
    }

    /** The index whose cumulative interval holds {@code u} in [0, 1). */
    int indexOf(double u) {
        int i = Arrays.binarySearch(cumulative, u);
        // An exact hit on a boundary belongs to the next interval; a miss gives the insertion point.
        int index = i >= 0 ? i + 1 : -i - 1;
        // Skip zero-weight indices whose boundary equals the hit.
        while (index < cumulative.length - 1 && cumulative[index] <= u) {
            index++;
        }
        return Math.min(index, cumulative.length - 1);
    }
}
