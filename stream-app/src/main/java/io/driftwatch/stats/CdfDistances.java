package io.driftwatch.stats;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedViewIterator;

/**
 * The two distances between the CDFs of two KLL sketches, computed in one merge of their sorted
 * views.
 *
 * <p>Each sketch's CDF is F̂(x) = (weight of retained items ≤ x) / n, a right-continuous step function
 * with steps at its retained items ({@code getRank(x, INCLUSIVE)}); on a sketch that is not in
 * estimation mode it is the exact empirical CDF. Over the merged, sorted retained items
 * x₁ &lt; x₂ &lt; … of both sketches:
 * <ul>
 *   <li>Kolmogorov–Smirnov distance D = maxⱼ |F̂_ref(xⱼ) − F̂_win(xⱼ)|, the supremum over all x, since
 *       both CDFs are constant between consecutive xⱼ. On exact data this is
 *       {@code scipy.stats.ks_2samp(...).statistic}.</li>
 *   <li>Wasserstein-1 distance W₁ = ∫|F̂_ref − F̂_win| dx = Σⱼ |F̂_ref(xⱼ) − F̂_win(xⱼ)| · (xⱼ₊₁ − xⱼ),
 *       exactly, the CDFs being steps. On exact data this is
 *       {@code scipy.stats.wasserstein_distance(ref, win)}. Evidently's
 *       {@code wasserstein_distance_norm.py} divides it by {@code max(std(reference), 0.001)}, the
 *       population standard deviation; see {@link #normalisedWasserstein}.</li>
 * </ul>
 *
 * <p>Error bounds, with ε_r, ε_w the sketches' {@link NumericSummary#rankError() rank errors}
 * (|F̂ − F| ≤ ε everywhere): |D̂ − D| ≤ sup|(F̂_r − F_r) − (F̂_w − F_w)| ≤ ε_r + ε_w. For W₁, F̂ − F
 * vanishes outside [min, max] of its own sketch (KLL keeps the exact extremes), so
 * |Ŵ₁ − W₁| ≤ ∫|F̂_r − F_r| + ∫|F̂_w − F_w| ≤ ε_r·(max_r − min_r) + ε_w·(max_w − min_w).
 *
 * @param kolmogorovSmirnov the KS distance D in [0, 1]
 * @param wasserstein       the (not normalised) Wasserstein-1 distance, in the feature's unit
 */
public record CdfDistances(double kolmogorovSmirnov, double wasserstein) {

    /** Smallest divisor of the normalised Wasserstein distance, as Evidently: constant references do not divide by 0. */
    public static final double WASSERSTEIN_NORM_FLOOR = 0.001;

    /** D and W₁ between two non-empty sketches. */
    public static CdfDistances between(KllDoublesSketch reference, KllDoublesSketch window) {
        if (reference.isEmpty() || window.isEmpty()) {
            throw new IllegalArgumentException("Cannot compare empty sketches");
        }
        DoublesSortedViewIterator ref = reference.getSortedView().iterator();
        DoublesSortedViewIterator win = window.getSortedView().iterator();
        double refN = reference.getN();
        double winN = window.getN();
        boolean refLeft = ref.next();
        boolean winLeft = win.next();
        double refCdf = 0;
        double winCdf = 0;
        double ks = 0;
        double area = 0;
        double previous = Double.NaN;
        while (refLeft || winLeft) {
            double x;
            if (!winLeft) {
                x = ref.getQuantile();
            } else if (!refLeft) {
                x = win.getQuantile();
            } else {
                x = Math.min(ref.getQuantile(), win.getQuantile());
            }
            if (!Double.isNaN(previous)) {
                area += Math.abs(refCdf - winCdf) * (x - previous);
            }
            // A sorted view may hold the same value several times: take the last cumulative weight.
            while (refLeft && ref.getQuantile() <= x) {
                refCdf = ref.getNaturalRank() / refN;
                refLeft = ref.next();
            }
            while (winLeft && win.getQuantile() <= x) {
                winCdf = win.getNaturalRank() / winN;
                winLeft = win.next();
            }
            ks = Math.max(ks, Math.abs(refCdf - winCdf));
            previous = x;
        }
        return new CdfDistances(ks, area);
    }

    /** W₁ divided by {@code max(referenceStdDev, 0.001)}: Evidently's "Wasserstein distance (normed)". */
    public double normalisedWasserstein(double referenceStdDev) {
        return wasserstein / normalisation(referenceStdDev);
    }

    /** ε_r + ε_w: bound on the error of D from the sketches' rank errors. */
    public static double kolmogorovSmirnovErrorBound(NumericSummary reference, NumericSummary window) {
        return reference.rankError() + window.rankError();
    }

    /** (ε_r·(max_r − min_r) + ε_w·(max_w − min_w)) / max(std_r, 0.001): bound on the normalised W₁'s error. */
    public static double normalisedWassersteinErrorBound(NumericSummary reference, NumericSummary window) {
        return (reference.rankError() * range(reference.sketch()) + window.rankError() * range(window.sketch()))
                / normalisation(reference.stdDev());
    }

    private static double normalisation(double referenceStdDev) {
        return Math.max(referenceStdDev, WASSERSTEIN_NORM_FLOOR);
    }

    private static double range(KllDoublesSketch sketch) {
        return sketch.getMaxItem() - sketch.getMinItem();
    }
}
