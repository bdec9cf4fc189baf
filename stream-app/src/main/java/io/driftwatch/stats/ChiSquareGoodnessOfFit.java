package io.driftwatch.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * Pearson's chi-square goodness-of-fit test of the window's category counts against the reference's
 * proportions:
 * <pre>  χ² = Σᵢ (oᵢ − eᵢ)² / eᵢ,  eᵢ = N_win · p'ᵢ,  df = B − 1,  p = Q(df/2, χ²/2)</pre>
 * with oᵢ the window counts, p' the reference proportions after {@link BinSmoothing} (additive,
 * α = 10⁻⁴), B the number of categories and Q the regularized upper incomplete gamma function (the
 * chi-square survival function, commons-math {@code Gamma.regularizedGammaQ}).
 *
 * <p>Evidently's {@code chisquare_stattest.py} (evidentlyai/evidently,
 * {@code src/evidently/legacy/calculations/stattests/chisquare_stattest.py}) calls
 * {@code scipy.stats.chisquare(window_counts, reference_counts · N_win/N_ref)} with no smoothing, so a
 * category absent from the reference has expected count 0, χ² = ∞ and p = 0 however rare it is in the
 * window. The smoothing keeps χ² finite and lets a new category count in proportion to its frequency.
 * It moves each expected proportion by about α(1 − B·pᵢ), which adds roughly N_win·α²·Σ(1 − B·pᵢ)²/pᵢ to
 * χ² on undrifted data: negligible below about 10⁷ window values. With a single category (df = 0)
 * there is nothing to test: χ² = 0, p = 1.
 */
public final class ChiSquareGoodnessOfFit {

    private ChiSquareGoodnessOfFit() {
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
        int bins = reference.length;
        double referenceTotal = sum(reference);
        double windowTotal = sum(window);
        if (referenceTotal <= 0 || windowTotal <= 0) {
            throw new IllegalArgumentException("Both samples need at least one value");
        }
        if (bins == 1) {
            return new TestOutcome(0, 1);
        }
        double chiSquare = 0;
        for (int i = 0; i < bins; i++) {
            double expected = windowTotal * BinSmoothing.smooth(reference[i] / referenceTotal, bins);
            double difference = window[i] - expected;
            chiSquare += difference * difference / expected;
        }
        double pValue = Gamma.regularizedGammaQ((bins - 1) / 2.0, chiSquare / 2);
        return new TestOutcome(chiSquare, pValue);
    }

    private static double sum(long[] counts) {
        double total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }
}
