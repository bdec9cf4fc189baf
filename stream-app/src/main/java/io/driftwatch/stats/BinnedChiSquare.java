package io.driftwatch.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * Pearson's chi-square test of homogeneity on a numeric feature's reference-quantile bins: the
 * significance test that sees a change of spread or of the tails, which the Kolmogorov–Smirnov test,
 * dominated by the middle of the distribution, sees late (a normal whose standard deviation grows by
 * half moves the CDF by at most 0.097, while each of its two outer deciles gains about 10 points of
 * mass).
 *
 * <p><b>Bins.</b> Five, at the reference's quantiles {@link #SIGNIFICANCE_RANKS} 0.1, 0.3, 0.7 and 0.9:
 * the two outer deciles, where a change of spread or tails shows first, two shoulders and the middle
 * 40%. Fixed in advance, not chosen from the data. Fewer, wider bins than the PSI's ten because the
 * test's power against a change concentrated in a few bins falls with its degrees of freedom: for a
 * 1.5× spread of a normal at n = m = 1000, with the sketch error of k = 400 (ε = 0.0068) counted
 * (below), the expected proportions give X²_low = 58.6 on these 4 degrees of freedom, where the level
 * 1.7·10⁻⁵ needs 27.3, but 44.8 on the deciles' 9, where it needs 38.1 (numpy/scipy on the normal's
 * exact bin masses). Location shifts are the KS test's to find; {@link SignificantEffect} uses both.
 *
 * <p>With reference proportions pᵢ of n values, window proportions qᵢ of m values and pooled
 * proportions cᵢ = (n·pᵢ + m·qᵢ)/(n + m), the statistic of the 2 × B table of counts (n·pᵢ, m·qᵢ) is
 * <pre>  X² = n·m/(n + m) · Σᵢ (pᵢ − qᵢ)² / cᵢ,  df = B' − 1,  p = Q(df/2, X²/2)</pre>
 * over the B' bins with cᵢ &gt; 0: on integer counts exactly
 * {@code scipy.stats.chi2_contingency([ref_counts, win_counts], correction=False)}. For fixed bins,
 * X² → χ²(B − 1) when nothing drifted, and PSI ≈ Σ (pᵢ − qᵢ)²/pᵢ, so PSI·(1/n + 1/m)⁻¹ has the same
 * limit (B. Yurdakul, <i>Statistical Properties of Population Stability Index</i>, dissertation, Western
 * Michigan University, 2018). Here the bins sit at the reference's own quantiles, so the reference
 * counts are fixed by construction; but the bins' probabilities under the common distribution are then
 * uniform spacings of the reference, Dirichlet with covariance (diag(p) − ppᵀ)/(n + 1), which takes
 * the place of the reference's multinomial covariance (diag(p) − ppᵀ)/n: the limit is the same. The
 * test depends on the data only through ranks, so its level holds for any continuous distribution,
 * heavy tails included.
 *
 * <p><b>Small counts.</b> Adjacent bins are pooled from the left until every bin expects at least
 * {@code minExpected} values of the smaller sample, min(n, m)·cᵢ (Cochran's rule); a last bin short of
 * it joins the previous one. The χ² tail overstates the evidence when expected counts are small, and a
 * significance level of 10⁻⁵ reads that tail.
 *
 * <p><b>Sketch error.</b> Proportions read from sketches with rank errors ε_r, ε_w are each within
 * e_r = ε_r (first and last bin, one estimated edge) or 2ε_r (the others) of the exact proportions of
 * the same bins, likewise e_w (see {@link QuantileBinning}). Each term is monotone in |pᵢ − qᵢ| and in
 * 1/cᵢ, so with eᵢ = e_r + e_w and the pooled proportion's error (n·e_r + m·e_w)/(n + m):
 * <pre>  X²_low  = n·m/(n + m) · Σ max(0, |pᵢ − qᵢ| − eᵢ)² / (cᵢ + e_cᵢ)
 *   X²_high = n·m/(n + m) · Σ min((|pᵢ − qᵢ| + eᵢ)² / (cᵢ − e_cᵢ), (|pᵢ − qᵢ| + eᵢ)·(n + m)/min(n, m))</pre>
 * bound the statistic of the exact counts (the second form of a term holds because |pᵢ − qᵢ| ≤
 * max(pᵢ, qᵢ) ≤ cᵢ·(n + m)/min(n, m), and serves when cᵢ − e_cᵢ ≤ 0), so the exact test's p-value lies
 * in [Q(df/2, X²_high/2), Q(df/2, X²_low/2)].
 *
 * <p>Pure functions; no state.
 */
public final class BinnedChiSquare {

    /** Reference ranks of the split points of the significance test's five bins (see the class comment). */
    public static final double[] SIGNIFICANCE_RANKS = {0.1, 0.3, 0.7, 0.9};
    /** Statistic id of X² on the reference-quantile bins. */
    public static final String ID = "binned_chi_square";
    /** Statistic id of its p-value; its error bound (when sketched) is the half-width of the p-value interval. */
    public static final String P_VALUE_ID = "binned_chi_square_p_value";

    /**
     * The test's outcome.
     *
     * @param statistic        X² from the proportions as read
     * @param degreesOfFreedom bins after pooling, less one (0: nothing to test, p = 1)
     * @param pValue           Q(df/2, X²/2)
     * @param pLow             the smallest p-value the sketch error allows
     * @param pHigh            the largest
     * @param statisticLow     X²_low, the smallest statistic the sketch error allows (X² when exact)
     * @param statisticHigh    X²_high, the largest
     */
    public record Result(double statistic, int degreesOfFreedom, double pValue, double pLow, double pHigh,
                         double statisticLow, double statisticHigh) {
    }

    private BinnedChiSquare() {
    }

    /**
     * Tests the window's bin proportions against the reference's.
     *
     * @param p                  reference proportion per bin (sums to 1)
     * @param q                  window proportion per bin, same bins
     * @param n                  reference values, &gt; 0
     * @param m                  window values, &gt; 0
     * @param referenceRankError ε_r, 0 when the reference proportions are exact
     * @param windowRankError    ε_w, 0 when the window proportions are exact
     * @param minExpected        smallest expected count of the smaller sample per pooled bin, e.g. 5
     */
    public static Result test(double[] p, double[] q, long n, long m, double referenceRankError,
                              double windowRankError, double minExpected) {
        if (p.length != q.length || p.length == 0) {
            throw new IllegalArgumentException("Proportion vectors must have the same, non-zero length, got "
                    + p.length + " and " + q.length);
        }
        if (n <= 0 || m <= 0) {
            throw new IllegalArgumentException("Both samples need at least one value, got " + n + " and " + m);
        }
        if (!(referenceRankError >= 0) || !(windowRankError >= 0)) {
            throw new IllegalArgumentException("Rank errors must be >= 0, got " + referenceRankError + " and "
                    + windowRankError);
        }
        double total = (double) n + m;
        double smaller = Math.min(n, m);
        double[][] pooled = pool(p, q, n, m, minExpected);
        double[] pp = pooled[0];
        double[] qq = pooled[1];
        double scale = (double) n * m / total;
        double statistic = 0;
        double low = 0;
        double high = 0;
        int present = 0;
        for (int i = 0; i < pp.length; i++) {
            double c = (n * pp[i] + m * qq[i]) / total;
            if (!(c > 0)) {
                continue;
            }
            present++;
            boolean end = i == 0 || i == pp.length - 1;
            double er = (end ? 1 : 2) * referenceRankError;
            double ew = (end ? 1 : 2) * windowRankError;
            double d = Math.abs(pp[i] - qq[i]);
            double e = er + ew;
            double ec = (n * er + m * ew) / total;
            statistic += d * d / c;
            double dLow = Math.max(0, d - e);
            low += dLow * dLow / (c + ec);
            double dHigh = d + e;
            double byRatio = dHigh * total / smaller;
            high += c - ec > 0 ? Math.min(dHigh * dHigh / (c - ec), byRatio) : byRatio;
        }
        if (present < 2) {
            return new Result(0, 0, 1, 1, 1, 0, 0);
        }
        int df = present - 1;
        statistic *= scale;
        double pValue = survival(df, statistic);
        if (referenceRankError == 0 && windowRankError == 0) {
            return new Result(statistic, df, pValue, pValue, pValue, statistic, statistic);
        }
        low = Math.min(statistic, scale * low);
        high = Math.max(statistic, scale * high);
        return new Result(statistic, df, pValue, Math.min(pValue, survival(df, high)),
                Math.max(pValue, survival(df, low)), low, high);
    }

    /** Adjacent bins merged from the left until each expects at least {@code minExpected} of the smaller sample. */
    private static double[][] pool(double[] p, double[] q, long n, long m, double minExpected) {
        double total = (double) n + m;
        double smaller = Math.min(n, m);
        java.util.List<double[]> bins = new java.util.ArrayList<>();
        double binP = 0;
        double binQ = 0;
        for (int i = 0; i < p.length; i++) {
            binP += p[i];
            binQ += q[i];
            if (smaller * (n * binP + m * binQ) / total >= minExpected) {
                bins.add(new double[] {binP, binQ});
                binP = 0;
                binQ = 0;
            }
        }
        if (binP + binQ > 0) {
            if (bins.isEmpty()) {
                bins.add(new double[] {binP, binQ});
            } else {
                double[] last = bins.get(bins.size() - 1);
                last[0] += binP;
                last[1] += binQ;
            }
        }
        double[][] out = new double[2][bins.size()];
        for (int b = 0; b < bins.size(); b++) {
            out[0][b] = bins.get(b)[0];
            out[1][b] = bins.get(b)[1];
        }
        return out;
    }

    private static double survival(int df, double statistic) {
        return Gamma.regularizedGammaQ(df / 2.0, statistic / 2);
    }
}
