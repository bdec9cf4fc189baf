package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the homogeneity test beyond the SciPy reference values ({@link ReferenceValuesTest}):
 * it agrees with the z-test on two categories, stays finite for a category new to the reference, and
 * holds its level when the reference is a sample as small as the window, where Evidently's
 * goodness-of-fit test does not.
 */
class ChiSquareHomogeneityTest {

    private static final double[] SHARES = {0.4, 0.3, 0.15, 0.1, 0.05};

    @Test
    void poolsSparseCategoriesUntilEveryBinExpectsFiveValues() {
        long[] reference = {500, 300, 150, 40, 8, 2};
        long[] window = {95, 65, 30, 8, 1, 1};
        // Totals 595, 365, 180, 48, 9, 3 over N = 1200, smaller row 200: a bin needs 30 values to expect 5 in
        // the window, so the three rarest pool into (50, 10). scipy 1.10.1:
        // chi2_contingency([[50, 150, 300, 500], [10, 30, 65, 95]], correction=False) -> (0.5525497870381038, 0.9072037378557525)
        TestOutcome pooled = ChiSquareHomogeneity.testPooled(reference, window, 5);
        assertThat(pooled.statistic()).isCloseTo(0.5525497870381038, within(1e-12));
        assertThat(pooled.pValue()).isCloseTo(0.9072037378557525, within(1e-12));
        // Unpooled, as chi2_contingency([[500, 300, 150, 40, 8, 2], [95, 65, 30, 8, 1, 1]], correction=False)
        assertThat(ChiSquareHomogeneity.test(reference, window).statistic()).isCloseTo(1.3525497870381038, within(1e-12));
        assertThat(ChiSquareHomogeneity.testPooled(new long[] {3, 1}, new long[] {1, 0}, 5).pValue())
                .as("one bin left: nothing to test").isEqualTo(1.0);
    }

    @Test
    void onTwoCategoriesItIsTheTwoProportionZTest() {
        // χ² of the 2 × 2 table without continuity correction is z², so the p-values agree exactly.
        TestOutcome chi = ChiSquareHomogeneity.test(new long[] {700, 300}, new long[] {320, 180});
        TestOutcome z = TwoProportionZTest.test(300, 1000, 180, 500);
        assertThat(chi.statistic()).isCloseTo(z.statistic() * z.statistic(), within(1e-9));
        assertThat(chi.pValue()).isCloseTo(z.pValue(), within(1e-12));
    }

    @Test
    void aCategoryNewToTheReferenceCountsByItsFrequency() {
        TestOutcome oneOddValue = ChiSquareHomogeneity.test(new long[] {5000, 5000, 0}, new long[] {5000, 4999, 1});
        TestOutcome frequent = ChiSquareHomogeneity.test(new long[] {5000, 5000, 0}, new long[] {4500, 4500, 1000});
        assertThat(oneOddValue.statistic()).isFinite();
        assertThat(oneOddValue.pValue()).as("one value in 10,000 is no evidence").isGreaterThan(0.05);
        assertThat(frequent.pValue()).as("10% of the window is").isLessThan(1e-100);
    }

    @Test
    void holdsItsLevelWhenTheReferenceIsAsSmallAsTheWindow() {
        Random random = new Random(11);
        int trials = 4000;
        int homogeneity = 0;
        int goodnessOfFit = 0;
        for (int t = 0; t < trials; t++) {
            long[] reference = multinomial(random, 500);
            long[] window = multinomial(random, 500);
            homogeneity += ChiSquareHomogeneity.test(reference, window).pValue() < 0.05 ? 1 : 0;
            goodnessOfFit += goodnessOfFitPValue(reference, window) < 0.05 ? 1 : 0;
        }
        // 4000 trials at a true 5%: standard deviation 0.34 points, so [3.5%, 6.5%] is ±4.4 of them.
        assertThat(homogeneity / (double) trials).isBetween(0.035, 0.065);
        assertThat(goodnessOfFit / (double) trials).as("Evidently's test, for contrast").isGreaterThan(0.2);
    }

    private static long[] multinomial(Random random, int n) {
        long[] counts = new long[SHARES.length];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int c = 0;
            while (c < SHARES.length - 1 && u >= SHARES[c]) {
                u -= SHARES[c];
                c++;
            }
            counts[c]++;
        }
        return counts;
    }

    /** {@code scipy.stats.chisquare(window, reference · m/n)}, as Evidently's chisquare_stattest.py calls it. */
    private static double goodnessOfFitPValue(long[] reference, long[] window) {
        double n = 0;
        double m = 0;
        for (int i = 0; i < reference.length; i++) {
            n += reference[i];
            m += window[i];
        }
        double chi = 0;
        int bins = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] == 0) {
                if (window[i] > 0) {
                    return 0;
                }
                continue;
            }
            double expected = reference[i] * m / n;
            chi += (window[i] - expected) * (window[i] - expected) / expected;
            bins++;
        }
        return org.apache.commons.math3.special.Gamma.regularizedGammaQ((bins - 1) / 2.0, chi / 2);
    }
}
