package io.driftwatch.stats;

/**
 * The variance of a difference of two proportions x_b/n_b − x_a/n_a for a sequential test
 * ({@link MixtureSprt}), each version's term never 0 and never below its value under "no difference":
 * <pre>  v = v_a + v_b,   v_i = max( p̂_i(1 − p̂_i)/(n_i − 1),  p̃_i(1 − p̃_i)/n_i,  p̄(1 − p̄)/n_i )
 *   p̂_i = x_i/n_i,   p̃_i = (x_i + ½)/(n_i + 1),   p̄ = (x_a + x_b + ½)/(n_a + n_b + 1)</pre>
 * The first term is the plug-in (the sample variance of the 0/1 observations over n). It is 0 when
 * every observation is the same (no errors at all, or every request failed), although the true
 * variance p(1 − p)/n is positive unless p is exactly 0 or 1, and near 0 and 1 it is too small, the
 * reason the Wald interval undercovers there (Brown, Cai, DasGupta 2001, "Interval estimation for a
 * binomial proportion", Statistical Science 16). A sequence built on v = 0 cannot be formed at all, so
 * such a figure stayed undecided however lopsided the counts.
 *
 * <p>The second term is the variance at p̃, the posterior mean under Jeffreys' Beta(½, ½) prior (the
 * prior of the Jeffreys interval): positive for every x, and above the plug-in near 0 and 1.
 *
 * <p>The third is the variance both versions would have if they shared one rate, estimated from both
 * (pooled, with the same ½; the two-proportion z-test's variance under its null). With rare events a
 * small canary often sees fewer than its share, and its own estimate then calls its rate nearly exact:
 * equal versions erring 1% of the time, a 10% canary (900 and 100 events a window), error rate the
 * primary figure at α = 0.001, were promoted in 10% of 2,000 comparisons with the plug-in and 2% with
 * the Jeffreys term alone, none with this term ({@code ComparisonJudgeTest}). The pooled rate is what
 * "no difference" predicts for the small version, and the large version's events make it precise.
 *
 * <p>Every term only raises v, and the mSPRT's half-width grows with v (for every α below e^(−½)), so
 * the floors only widen the confidence sequence: wherever the plug-in is positive, a sequence with them
 * claims nothing the plug-in's would not. What they cost is time when the versions do differ and the
 * small one varies less (a better candidate: its promotion waits for more events).
 */
public final class ProportionVariance {

    private ProportionVariance() {
    }

    /** The variance of {@code hitsB/countB − hitsA/countA}, for counts ≥ 1. */
    public static double ofDifference(long hitsA, long countA, long hitsB, long countB) {
        check(hitsA, countA);
        check(hitsB, countB);
        double pooled = (hitsA + hitsB + 0.5) / ((double) countA + countB + 1);
        double common = pooled * (1 - pooled);
        return Math.max(ofEstimate(hitsA, countA), common / countA) + Math.max(ofEstimate(hitsB, countB), common / countB);
    }

    /** The variance of {@code hits/count} alone, for {@code count} ≥ 1: the plug-in, never below Jeffreys'. */
    public static double ofEstimate(long hits, long count) {
        check(hits, count);
        double n = count;
        double p = hits / n;
        double plugIn = count < 2 ? 0 : p * (1 - p) / (n - 1);
        double jeffreys = (hits + 0.5) / (n + 1);
        return Math.max(plugIn, jeffreys * (1 - jeffreys) / n);
    }

    private static void check(long hits, long count) {
        if (count < 1 || hits < 0 || hits > count) {
            throw new IllegalArgumentException("need 0 <= hits <= count and count >= 1, got " + hits + " of " + count);
        }
    }
}
