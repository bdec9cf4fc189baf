package io.driftwatch.stats;

/**
 * The variance of a proportion's estimate x/n for a sequential test ({@link MixtureSprt}), never 0:
 * <pre>  max( p̂(1 − p̂)/(n − 1),  p̃(1 − p̃)/n )   with p̂ = x/n, p̃ = (x + ½)/(n + 1)</pre>
 * The first term is the plug-in (the sample variance of the 0/1 observations over n). It is 0 when
 * every observation is the same (no errors at all, or every request failed), although the true
 * variance p(1 − p)/n is positive unless p is exactly 0 or 1; and near 0 and 1 it is too small, the
 * reason the Wald interval undercovers there (Brown, Cai, DasGupta 2001, "Interval estimation for a
 * binomial proportion", Statistical Science 16). A sequence built on v = 0 cannot be formed at all, so
 * such a figure stayed undecided however lopsided the counts. The second term is the variance at p̃,
 * the posterior mean under Jeffreys' Beta(½, ½) prior (the prior of the Jeffreys interval): it is
 * positive for every x, and above the plug-in near 0 and 1, where the plug-in is biased low.
 *
 * <p>Taking the larger only ever raises v, and the mSPRT's half-width grows with v (for every α below
 * e^(−½)), so the floor only widens the confidence sequence: wherever the plug-in is positive, a
 * sequence with the floor claims nothing the plug-in's would not, and spends none of the error
 * budget. Away from 0 and 1 the two terms nearly agree (p̃ − p̂ = (½ − p̂)/(n + 1)).
 */
public final class ProportionVariance {

    private ProportionVariance() {
    }

    /** The variance of {@code hits/count}, for {@code count} ≥ 1. */
    public static double ofEstimate(long hits, long count) {
        if (count < 1 || hits < 0 || hits > count) {
            throw new IllegalArgumentException("need 0 <= hits <= count and count >= 1, got " + hits + " of " + count);
        }
        double n = count;
        double p = hits / n;
        double plugIn = count < 2 ? 0 : p * (1 - p) / (n - 1);
        double jeffreys = (hits + 0.5) / (n + 1);
        return Math.max(plugIn, jeffreys * (1 - jeffreys) / n);
    }
}
