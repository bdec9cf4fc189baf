package io.driftwatch.stats;

/**
 * Population Stability Index of the window against the reference:
 * <pre>  PSI = Σᵢ (p'ᵢ − q'ᵢ) · ln(p'ᵢ / q'ᵢ)</pre>
 * over bins i, with p' the reference and q' the window proportions after {@link BinSmoothing}
 * (additive, α = 10⁻⁴). Natural logarithm. It is the symmetrised Kullback–Leibler divergence
 * KL(p'‖q') + KL(q'‖p'), 0 for identical distributions.
 *
 * <p>Bins: reference-quantile bins for numeric features ({@link QuantileBinning}), one bin per category
 * (and "other") for categorical ones. Threshold 0.1 by default, as Evidently's {@code psi.py}
 * (evidentlyai/evidently, {@code src/evidently/legacy/calculations/stattests/psi.py}); credit scoring
 * reads PSI &lt; 0.1 as stable, 0.1–0.25 as a moderate and &gt; 0.25 as a significant shift
 * (Siddiqi, <i>Credit Risk Scorecards</i>, 2006). Evidently bins numeric features by Sturges histogram
 * edges of both samples and replaces empty bins by 10⁻⁴; Driftwatch uses reference deciles, which a
 * sketch provides, and additive smoothing.
 *
 * <p>Error bound: per-bin interval propagation, see {@link BinnedStatistic}.
 */
public final class PopulationStabilityIndex extends BinnedStatistic {

    @Override
    boolean smoothed() {
        return true;
    }

    @Override
    double term(double p, double q) {
        return (p - q) * Math.log(p / q);
    }

    @Override
    double finish(double sum) {
        return Math.max(0, sum);
    }
}
