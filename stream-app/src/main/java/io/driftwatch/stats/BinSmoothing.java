package io.driftwatch.stats;

/**
 * The one smoothing Driftwatch applies to bin proportions where a statistic takes their logarithm
 * or divides by them (PSI, Kullback–Leibler): additive smoothing
 * <pre>  p'ᵢ = (pᵢ + α) / (1 + B·α),  α = {@value #ALPHA}, B = number of bins</pre>
 * so an empty bin weighs about α instead of making the statistic infinite, and the smoothed
 * proportions still sum to 1.
 *
 * <p>Evidently ({@code src/evidently/legacy/calculations/stattests/utils.py}, {@code get_binned_data})
 * instead replaces empty bins by 0.0001 (or a millionth of the smallest non-empty one) without
 * renormalising. Additive smoothing gives nearly the same values when bins are not tiny, but it is a
 * continuous, increasing function of each proportion, which is what lets the sketch error bounds be
 * propagated bin by bin ({@link BinnedStatistic#errorBound}); a replace-zeros rule jumps at 0.
 */
public final class BinSmoothing {

    /** Weight added to every bin before renormalising. */
    public static final double ALPHA = 1e-4;

    private BinSmoothing() {
    }

    /** The smoothed proportion p' of a bin with proportion {@code proportion} among {@code bins} bins. */
    public static double smooth(double proportion, int bins) {
        return (proportion + ALPHA) / (1 + bins * ALPHA);
    }
}
