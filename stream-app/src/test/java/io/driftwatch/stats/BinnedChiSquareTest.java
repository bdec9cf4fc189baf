package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/**
 * The chi-square test on reference-quantile bins against SciPy (values from
 * {@code src/test/python/binned_chi_square_references.py}, scipy 1.17.1:
 * {@code chi2_contingency(..., correction=False)} and {@code chi2.sf}), its sketch-error interval, and
 * its level on simulated stationary data with bins at the reference sample's own deciles.
 */
class BinnedChiSquareTest {

    private static double[] proportions(long[] counts) {
        double total = Arrays.stream(counts).sum();
        return Arrays.stream(counts).mapToDouble(c -> c / total).toArray();
    }

    private static final long[] DECILES_1000 = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100};
    // Counts of N(0, 1.5²) in the deciles of N(0, 1), m = 1000: a 1.5x spread.
    private static final long[] SPREAD_1000 = {196, 91, 76, 70, 67, 67, 70, 76, 91, 196};

    @Test
    void matchesScipyOnExactCounts() {
        BinnedChiSquare.Result spread = BinnedChiSquare.test(proportions(DECILES_1000), proportions(SPREAD_1000),
                1000, 1000, 0, 0, 5);
        assertThat(spread.statistic()).isCloseTo(93.29404381677415, within(1e-9));
        assertThat(spread.degreesOfFreedom()).isEqualTo(9);
        assertThat(spread.pValue()).isCloseTo(3.5464232275077056e-16, withinPercentage(1e-6));
        assertThat(spread.pLow()).isEqualTo(spread.pValue());
        assertThat(spread.pHigh()).isEqualTo(spread.pValue());

        long[] reference = {50, 50, 50, 50, 50, 50, 50, 50, 50, 50};
        long[] window = {20, 25, 30, 35, 30, 30, 35, 30, 40, 25};
        BinnedChiSquare.Result uneven = BinnedChiSquare.test(proportions(reference), proportions(window), 500, 300, 0,
                0, 5);
        assertThat(uneven.statistic()).isCloseTo(6.324307500778089, within(1e-9));
        assertThat(uneven.pValue()).isCloseTo(0.7070724567571056, within(1e-12));
    }

    @Test
    void poolsAdjacentBinsUntilEachExpectsFiveValuesOfTheSmallerSample() {
        // m = 30: a decile expects 3 window values, so pairs of deciles are pooled (SciPy on the
        // pooled 2 x 5 table: [200]*5 against [3, 5, 7, 7, 8]).
        long[] window = {1, 2, 3, 2, 4, 3, 3, 4, 4, 4};
        BinnedChiSquare.Result pooled = BinnedChiSquare.test(proportions(DECILES_1000), proportions(window), 1000, 30,
                0, 0, 5);
        assertThat(pooled.degreesOfFreedom()).isEqualTo(4);
        assertThat(pooled.statistic()).isCloseTo(2.6035209709835803, within(1e-9));
        assertThat(pooled.pValue()).isCloseTo(0.6261995261025768, within(1e-12));
    }

    @Test
    void theSketchErrorGivesAnIntervalAroundTheExactPValue() {
        // ε_r = 0.005, ε_w = 0.01 (numpy for the bounds of X², chi2.sf with 9 df for the p-values).
        BinnedChiSquare.Result r = BinnedChiSquare.test(proportions(DECILES_1000), proportions(SPREAD_1000), 1000, 1000,
                0.005, 0.01, 5);
        assertThat(r.pLow()).isCloseTo(5.651658942220329e-50, withinPercentage(1e-6));
        assertThat(r.pHigh()).isCloseTo(2.9156982229917816e-06, withinPercentage(1e-6));
        assertThat(r.pValue()).isBetween(r.pLow(), r.pHigh());
        assertThat(BinnedChiSquare.test(proportions(DECILES_1000), proportions(DECILES_1000), 1000, 1000, 0.01, 0.01, 5)
                .pHigh()).as("no difference: p = 1 at the high end").isEqualTo(1.0);
    }

    @Test
    void nothingToTestWithOneBinAndBadInputsAreRefused() {
        BinnedChiSquare.Result one = BinnedChiSquare.test(new double[] {1}, new double[] {1}, 100, 100, 0, 0, 5);
        assertThat(one.pValue()).isEqualTo(1.0);
        assertThat(one.degreesOfFreedom()).isZero();
        assertThatThrownBy(() -> BinnedChiSquare.test(new double[] {0.5, 0.5}, new double[] {1}, 10, 10, 0, 0, 5))
                .hasMessageContaining("same");
        assertThatThrownBy(() -> BinnedChiSquare.test(new double[] {1}, new double[] {1}, 0, 10, 0, 0, 5))
                .hasMessageContaining("at least one value");
    }

    /**
     * The level with bins at the reference sample's own quantiles {@link BinnedChiSquare#SIGNIFICANCE_RANKS}
     * (as {@link QuantileBinning} makes them on exact data: the ⌈r·n⌉-th smallest value, equal split
     * points merged): 20,000 stationary windows of 200 values against references of 1000, from a
     * continuous distribution (the test depends on ranks only, so any continuous distribution, Cauchy
     * included, gives the same counts) and from a discrete one with 13 values (Binomial(12, 0.4), as a
     * bounded-integer feature: split points land on atoms, bins are unions of atoms). Rejections at 0.01
     * and 0.001 must stay below the 99.9% quantile of Binomial(20000, α); the check can fail: at 0.05 the
     * same windows reject far more often than the bound for 0.01.
     */
    @Test
    void holdsItsLevelWithBinsAtTheReferenceSamplesOwnQuantiles() {
        for (boolean discrete : new boolean[] {false, true}) {
            SplittableRandom random = new SplittableRandom(discrete ? 13 : 12);
            int windows = 20_000;
            int[] rejections = new int[3];
            double[] levels = {0.05, 0.01, 0.001};
            for (int w = 0; w < windows; w++) {
                double[] reference = sample(random, 1000, discrete);
                Arrays.sort(reference);
                double[] splits = Arrays.stream(BinnedChiSquare.SIGNIFICANCE_RANKS)
                        .map(r -> reference[(int) Math.ceil(r * reference.length - 1e-9) - 1]).distinct().toArray();
                long[] referenceCounts = counts(reference, splits);
                long[] windowCounts = counts(sample(random, 200, discrete), splits);
                double p = BinnedChiSquare.test(proportions(referenceCounts), proportions(windowCounts), 1000, 200, 0, 0,
                        5).pValue();
                for (int l = 0; l < levels.length; l++) {
                    rejections[l] += p < levels[l] ? 1 : 0;
                }
            }
            String name = discrete ? "discrete" : "continuous";
            assertThat(rejections[1]).as(name + " at 0.01").isLessThanOrEqualTo(quantile999(windows, 0.01));
            assertThat(rejections[2]).as(name + " at 0.001").isLessThanOrEqualTo(quantile999(windows, 0.001));
            assertThat(rejections[0]).as(name + " control: the 0.05 rejections exceed the 0.01 bound")
                    .isGreaterThan(quantile999(windows, 0.01));
        }
    }

    private static double[] sample(SplittableRandom random, int size, boolean discrete) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            if (discrete) {
                int successes = 0;
                for (int t = 0; t < 12; t++) {
                    successes += random.nextDouble() < 0.4 ? 1 : 0;
                }
                values[i] = successes;
            } else {
                values[i] = random.nextDouble();
            }
        }
        return values;
    }

    private static int quantile999(int n, double p) {
        return new BinomialDistribution(null, n, p).inverseCumulativeProbability(0.999);
    }

    private static long[] counts(double[] values, double[] splits) {
        long[] counts = new long[splits.length + 1];
        for (double v : values) {
            int bin = 0;
            while (bin < splits.length && v > splits[bin]) {
                bin++;
            }
            counts[bin]++;
        }
        return counts;
    }
}
