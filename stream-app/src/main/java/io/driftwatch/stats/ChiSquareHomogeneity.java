package io.driftwatch.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * Pearson's chi-square test of homogeneity: do the reference and the window draw their categories
 * from the same distribution? On the 2 × B table of counts (row r: reference, row w: window),
 * <pre>  χ² = Σ_rows Σᵢ (oᵢ − eᵢ)² / eᵢ,  eᵢ = (row total) · cᵢ / N,  df = B' − 1,  p = Q(df/2, χ²/2)</pre>
 * with cᵢ = rᵢ + wᵢ the category's count over both samples, N the total of both, B' the number of
 * categories with cᵢ &gt; 0, and Q the regularized upper incomplete gamma function (the chi-square
 * survival function, commons-math {@code Gamma.regularizedGammaQ}). This is
 * {@code scipy.stats.chi2_contingency([reference, window], correction=False)}.
 *
 * <p>Why not Evidently's test: {@code chisquare_stattest.py} (evidentlyai/evidently,
 * {@code src/evidently/legacy/calculations/stattests/chisquare_stattest.py}) is a goodness-of-fit test,
 * {@code scipy.stats.chisquare(window_counts, reference_counts · N_win/N_ref)}: it takes the reference
 * proportions as the true distribution and ignores that the reference is a sample too. With equal
 * sizes that roughly doubles χ² on undrifted data (about 30% of undrifted windows called drifted at
 * p &lt; 0.05, {@code src/test/python/null_false_alarm_rates.py}), and Evidently picks this test
 * precisely when the reference is small (≤ 1000 rows). The homogeneity test accounts for both
 * samples, holds its level, and becomes the goodness-of-fit test as the reference grows. A category
 * new to the reference needs no smoothing: its expected counts are positive, so χ² stays finite and
 * grows with its frequency. With fewer than two categories present there is nothing to test: χ² = 0,
 * p = 1.
 */
public final class ChiSquareHomogeneity {

    private ChiSquareHomogeneity() {
    }

    /**
     * Tests window counts against reference counts over the same categories.
     *
     * @param reference reference count per category, total &gt; 0
     * @param window    window count per category, total &gt; 0
     */
    public static TestOutcome test(long[] reference, long[] window) {
        if (reference.length != window.length || reference.length == 0) {
            throw new IllegalArgumentException("Count vectors must have the same, non-zero length, got "
                    + reference.length + " and " + window.length);
        }
        double referenceTotal = sum(reference);
        double windowTotal = sum(window);
        if (referenceTotal <= 0 || windowTotal <= 0) {
            throw new IllegalArgumentException("Both samples need at least one value");
        }
        double total = referenceTotal + windowTotal;
        double chiSquare = 0;
        int present = 0;
        for (int i = 0; i < reference.length; i++) {
            double column = reference[i] + window[i];
            if (column == 0) {
                continue;
            }
            present++;
            double expectedReference = referenceTotal * column / total;
            double expectedWindow = windowTotal * column / total;
            double r = reference[i] - expectedReference;
            double w = window[i] - expectedWindow;
            chiSquare += r * r / expectedReference + w * w / expectedWindow;
        }
        if (present < 2) {
            return new TestOutcome(0, 1);
        }
        double pValue = Gamma.regularizedGammaQ((present - 1) / 2.0, chiSquare / 2);
        return new TestOutcome(chiSquare, pValue);
    }

    /**
     * The same test after pooling sparse categories (Cochran's rule): categories are taken from the
     * least to the most frequent over both samples and merged into one bin until every bin's smaller
     * expected count, min(row total) · cᵢ / N, is at least {@code minExpected}; a last bin short of it
     * joins the previous one. The chi-square distribution of χ² is an asymptotic approximation that
     * overstates the evidence when expected counts are small, and it is its far tail that a
     * significance level of 10⁻⁴ reads; pooling keeps that tail honest. With fewer than two bins left
     * there is nothing to test: χ² = 0, p = 1.
     *
     * @param minExpected smallest expected count per bin, e.g. 5
     */
    public static TestOutcome testPooled(long[] reference, long[] window, double minExpected) {
        if (reference.length != window.length || reference.length == 0) {
            throw new IllegalArgumentException("Count vectors must have the same, non-zero length, got "
                    + reference.length + " and " + window.length);
        }
        double referenceTotal = sum(reference);
        double windowTotal = sum(window);
        double smallerRow = Math.min(referenceTotal, windowTotal);
        double total = referenceTotal + windowTotal;
        Integer[] order = new Integer[reference.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> reference[i] + window[i]));
        java.util.List<long[]> bins = new java.util.ArrayList<>();
        long binReference = 0;
        long binWindow = 0;
        for (int i : order) {
            binReference += reference[i];
            binWindow += window[i];
            if (total > 0 && smallerRow * (binReference + binWindow) / total >= minExpected) {
                bins.add(new long[] {binReference, binWindow});
                binReference = 0;
                binWindow = 0;
            }
        }
        if (binReference + binWindow > 0) {
            if (bins.isEmpty()) {
                bins.add(new long[] {binReference, binWindow});
            } else {
                long[] last = bins.get(bins.size() - 1);
                last[0] += binReference;
                last[1] += binWindow;
            }
        }
        long[] pooledReference = new long[bins.size()];
        long[] pooledWindow = new long[bins.size()];
        for (int b = 0; b < bins.size(); b++) {
            pooledReference[b] = bins.get(b)[0];
            pooledWindow[b] = bins.get(b)[1];
        }
        return test(pooledReference, pooledWindow);
    }

    private static double sum(long[] counts) {
        double total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }
}
