package io.driftwatch.stats;

/**
 * A statistic of two aligned discrete distributions that is a monotone function of a sum of per-bin
 * terms, {@code S = finish(Σᵢ g(pᵢ, qᵢ))}, with p the reference and q the window bin proportions
 * (each summing to 1), optionally {@link BinSmoothing smoothed} first.
 *
 * <p><b>Error bound.</b> When the proportions come from KLL sketches each true proportion lies in a
 * known interval around the estimate ({@code |pᵢ − p̂ᵢ| ≤ δᵢ}, see {@link QuantileBinning}). Every
 * per-bin term used here is jointly convex in (p, q), so its maximum over the box
 * [p̂ᵢ ± δᵢ] × [q̂ᵢ ± δ'ᵢ] (clipped to [0, 1], smoothed where the statistic smooths) is at one of the four
 * corners; its minimum is 0 when the two intervals overlap (the terms vanish on p = q and grow away
 * from it) or else at the corner nearest the diagonal. Summing the per-bin minima and maxima and applying the monotone {@code finish} gives an
 * interval [S_lo, S_hi] that contains the statistic of the exact proportions, so
 * {@code max(S_hi − Ŝ, Ŝ − S_lo)} bounds the error. Treating the bins independently ignores that the
 * proportions sum to 1: the bound is a worst case, valid but loose.
 */
public abstract sealed class BinnedStatistic
        permits PopulationStabilityIndex, KullbackLeiblerDivergence, JensenShannonDistance, HellingerDistance,
        TotalVariationDistance {

    BinnedStatistic() {
    }

    /**
     * The statistic of two aligned distributions.
     *
     * @param reference reference bin proportions, summing to 1
     * @param window    window bin proportions over the same bins, summing to 1
     */
    public final double value(double[] reference, double[] window) {
        checkAligned(reference, window);
        int bins = reference.length;
        double sum = 0;
        for (int i = 0; i < bins; i++) {
            sum += term(prepare(reference[i], bins), prepare(window[i], bins));
        }
        return finish(sum);
    }

    /**
     * Bound on |value(p̂, q̂) − value(p, q)| over every p, q with |pᵢ − p̂ᵢ| ≤ referenceError[i] and
     * |qᵢ − q̂ᵢ| ≤ windowError[i] (see the class comment); 0 when all errors are 0.
     */
    public final double errorBound(double[] reference, double[] window, double[] referenceError,
                                   double[] windowError) {
        checkAligned(reference, window);
        checkAligned(reference, referenceError);
        checkAligned(window, windowError);
        int bins = reference.length;
        double low = 0;
        double high = 0;
        for (int i = 0; i < bins; i++) {
            double pLow = prepare(Math.max(0, reference[i] - referenceError[i]), bins);
            double pHigh = prepare(Math.min(1, reference[i] + referenceError[i]), bins);
            double qLow = prepare(Math.max(0, window[i] - windowError[i]), bins);
            double qHigh = prepare(Math.min(1, window[i] + windowError[i]), bins);
            low += termMin(pLow, pHigh, qLow, qHigh);
            high += Math.max(Math.max(term(pLow, qLow), term(pLow, qHigh)),
                    Math.max(term(pHigh, qLow), term(pHigh, qHigh)));
        }
        double value = value(reference, window);
        return Math.max(0, Math.max(finish(high) - value, value - finish(low)));
    }

    /** True when the statistic works on {@link BinSmoothing smoothed} proportions. */
    abstract boolean smoothed();

    /** The per-bin term g(p, q): jointly convex, 0 on p = q, growing away from it. */
    abstract double term(double p, double q);

    /**
     * Minimum of {@link #term} over [pLow, pHigh] × [qLow, qHigh]: 0 when the intervals overlap, else
     * the corner nearest the diagonal, since every term here is 0 on p = q and, off it, increasing in
     * the larger argument and decreasing in the smaller.
     */
    private double termMin(double pLow, double pHigh, double qLow, double qHigh) {
        if (pHigh < qLow) {
            return term(pHigh, qLow);
        }
        if (qHigh < pLow) {
            return term(pLow, qHigh);
        }
        return 0;
    }

    /** The monotone non-decreasing map from the sum of terms to the statistic, clamped to its range. */
    abstract double finish(double sum);

    private double prepare(double proportion, int bins) {
        return smoothed() ? BinSmoothing.smooth(proportion, bins) : proportion;
    }

    private static void checkAligned(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("Distributions must have the same, non-zero number of bins, got "
                    + a.length + " and " + b.length);
        }
    }
}
