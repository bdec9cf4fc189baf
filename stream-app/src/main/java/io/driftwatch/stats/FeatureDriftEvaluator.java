package io.driftwatch.stats;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Compares one feature's window summary with its reference summary: computes every statistic that
 * applies, picks the test that judges drift (configured, or {@link DefaultTestSelector}) and returns
 * its verdict with the sketch error bounds.
 *
 * <p><b>Numeric features</b> ({@link #numeric}): Kolmogorov–Smirnov (D and p-value) and the normalised
 * Wasserstein distance from the two sketches' CDFs ({@link CdfDistances},
 * {@link KolmogorovSmirnovPValue}); PSI, Jensen–Shannon, Hellinger and KL over
 * {@link QuantileBinning reference-quantile bins}. When reference and window together hold at most
 * {@value DefaultTestSelector#CATEGORICAL_MAX_DISTINCT} distinct values the binned statistics are computed
 * on the exact value counts instead, with the categorical tests (chi-square, total variation, and
 * the z-test when binary), as for a categorical feature; KS and Wasserstein are still reported.
 *
 * <p><b>Categorical features</b> ({@link #categorical}): chi-square, PSI, Jensen–Shannon, Hellinger, KL
 * and total variation over one bin per category plus "other", and the two-proportion z-test when
 * there are at most two bins.
 *
 * <p>Below {@link DriftSettings#minSampleSize()} values in the window or the reference the verdict is
 * {@link DriftVerdict#INSUFFICIENT_DATA}, without statistics. Tests with a p-value give DRIFT when
 * {@code p < threshold} (Evidently's KS uses {@code p <= threshold}, the others {@code <}), distances
 * when {@code statistic >= threshold}.
 *
 * <p>Stateless and thread-safe; it reads the summaries' sketches without copying them (see
 * {@link NumericSummary} on sharing a sketch between threads).
 */
public final class FeatureDriftEvaluator {

    private static final PopulationStabilityIndex PSI = new PopulationStabilityIndex();
    private static final JensenShannonDistance JENSEN_SHANNON = new JensenShannonDistance();
    private static final HellingerDistance HELLINGER = new HellingerDistance();
    private static final KullbackLeiblerDivergence KL = new KullbackLeiblerDivergence();
    private static final TotalVariationDistance TOTAL_VARIATION = new TotalVariationDistance();

    private final DefaultTestSelector selector = new DefaultTestSelector();

    /** An evaluator; it holds no state, so one instance can serve every feature and thread. */
    public FeatureDriftEvaluator() {
    }

    /**
     * Drift of a numeric feature.
     *
     * @throws IllegalArgumentException if the test override applies neither to numeric features nor to
     *                                  this comparison's type (chi-square, total variation and z-test
     *                                  apply to a numeric feature only while it is compared as
     *                                  categories)
     */
    public FeatureDriftResult numeric(String feature, NumericSummary reference, NumericSummary window,
                                      DriftSettings settings) {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(settings, "settings");
        FeatureType type = selector.typeOf(reference, window);
        CategoricalBins bins = type == FeatureType.NUMERIC
                ? null
                : CategoricalBins.of(reference.valueCounts(), 0, window.valueCounts(), 0);
        DriftTest test = resolveTest(feature, settings, type, true, reference.count());
        double threshold = settings.thresholdFor(test);
        List<String> newCategories = bins == null ? List.of() : bins.newCategories();
        if (tooSmall(reference.count(), window.count(), settings)) {
            return insufficient(feature, type, test, threshold, reference.count(), window.count(), newCategories);
        }
        Map<String, Double> statistics = new HashMap<>();
        Map<String, Double> errorBounds = new HashMap<>();
        if (bins == null) {
            putQuantileBinned(reference, window, settings.psiBins(), statistics, errorBounds);
        } else {
            putCategorical(bins, type, statistics);
        }
        putCdfDistances(reference, window, statistics, errorBounds);
        return judged(feature, type, test, threshold, reference.count(), window.count(), statistics, errorBounds,
                newCategories);
    }

    /**
     * Drift of a categorical feature.
     *
     * @throws IllegalArgumentException if the test override does not apply to this comparison's type
     *                                  (the z-test needs at most two categories)
     */
    public FeatureDriftResult categorical(String feature, CategoricalSummary reference, CategoricalSummary window,
                                          DriftSettings settings) {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(settings, "settings");
        CategoricalBins bins = CategoricalBins.of(reference.frequencies(), reference.otherCount(),
                window.frequencies(), window.otherCount());
        FeatureType type = DefaultTestSelector.forCategoryCount(bins.size());
        long referenceCount = reference.total();
        long windowCount = window.total();
        DriftTest test = resolveTest(feature, settings, type, false, referenceCount);
        double threshold = settings.thresholdFor(test);
        if (tooSmall(referenceCount, windowCount, settings)) {
            return insufficient(feature, type, test, threshold, referenceCount, windowCount, bins.newCategories());
        }
        Map<String, Double> statistics = new HashMap<>();
        putCategorical(bins, type, statistics);
        return judged(feature, type, test, threshold, referenceCount, windowCount, statistics, Map.of(),
                bins.newCategories());
    }

    private DriftTest resolveTest(String feature, DriftSettings settings, FeatureType type, boolean numericFeature,
                                  long referenceCount) {
        DriftTest override = settings.testOverride();
        if (override == null) {
            return selector.select(type, referenceCount);
        }
        if (!applies(override, type, numericFeature)) {
            String valid = Arrays.stream(DriftTest.values())
                    .filter(test -> applies(test, type, numericFeature))
                    .map(DriftTest::id)
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("Drift test '" + override.id() + "' does not apply to "
                    + (numericFeature ? "numeric" : "categorical") + " feature '" + feature + "', compared as "
                    + type + " here; configure one of " + valid);
        }
        return override;
    }

    private static boolean applies(DriftTest test, FeatureType type, boolean numericFeature) {
        return test.appliesTo(type) || numericFeature && test.appliesTo(FeatureType.NUMERIC);
    }

    private static boolean tooSmall(long referenceCount, long windowCount, DriftSettings settings) {
        return referenceCount < settings.minSampleSize() || windowCount < settings.minSampleSize();
    }

    private static void putQuantileBinned(NumericSummary reference, NumericSummary window, int binCount,
                                          Map<String, Double> statistics, Map<String, Double> errorBounds) {
        double[] splitPoints = QuantileBinning.splitPoints(reference.sketch(), binCount);
        double[] p = QuantileBinning.proportions(reference.sketch(), splitPoints);
        double[] q = QuantileBinning.proportions(window.sketch(), splitPoints);
        boolean estimated = isEstimated(reference, window);
        double[] pError = estimated ? QuantileBinning.proportionErrors(p.length, reference.rankError()) : null;
        double[] qError = estimated ? QuantileBinning.proportionErrors(q.length, window.rankError()) : null;
        putBinned(DriftTest.PSI, PSI, p, q, pError, qError, statistics, errorBounds);
        putBinned(DriftTest.JENSEN_SHANNON, JENSEN_SHANNON, p, q, pError, qError, statistics, errorBounds);
        putBinned(DriftTest.HELLINGER, HELLINGER, p, q, pError, qError, statistics, errorBounds);
        putBinned(DriftTest.KL, KL, p, q, pError, qError, statistics, errorBounds);
        putSpreadTest(reference, window, estimated, statistics, errorBounds);
    }

    /**
     * The chi-square test on five reference-quantile bins ({@link BinnedChiSquare}): it sees a change
     * of spread or tails that the KS test sees late; {@link SignificantEffect} combines the two.
     */
    private static void putSpreadTest(NumericSummary reference, NumericSummary window, boolean estimated,
                                      Map<String, Double> statistics, Map<String, Double> errorBounds) {
        double[] splitPoints = QuantileBinning.splitPointsAt(reference.sketch(), BinnedChiSquare.SIGNIFICANCE_RANKS);
        BinnedChiSquare.Result chiSquare = BinnedChiSquare.test(
                QuantileBinning.proportions(reference.sketch(), splitPoints),
                QuantileBinning.proportions(window.sketch(), splitPoints), reference.count(), window.count(),
                estimated ? reference.rankError() : 0, estimated ? window.rankError() : 0,
                SignificantEffect.MIN_EXPECTED_COUNT);
        statistics.put(BinnedChiSquare.ID, chiSquare.statistic());
        statistics.put(BinnedChiSquare.P_VALUE_ID, chiSquare.pValue());
        if (estimated) {
            errorBounds.put(BinnedChiSquare.ID, Math.max(chiSquare.statisticHigh() - chiSquare.statistic(),
                    chiSquare.statistic() - chiSquare.statisticLow()));
            errorBounds.put(BinnedChiSquare.P_VALUE_ID, Math.max(chiSquare.pHigh() - chiSquare.pValue(),
                    chiSquare.pValue() - chiSquare.pLow()));
        }
    }

    private static void putBinned(DriftTest test, BinnedStatistic statistic, double[] p, double[] q,
                                  double[] pError, double[] qError, Map<String, Double> statistics,
                                  Map<String, Double> errorBounds) {
        statistics.put(test.id(), statistic.value(p, q));
        if (pError != null) {
            errorBounds.put(test.id(), statistic.errorBound(p, q, pError, qError));
        }
    }

    private static void putCategorical(CategoricalBins bins, FeatureType type, Map<String, Double> statistics) {
        double[] p = bins.referenceProportions();
        double[] q = bins.windowProportions();
        statistics.put(DriftTest.PSI.id(), PSI.value(p, q));
        statistics.put(DriftTest.JENSEN_SHANNON.id(), JENSEN_SHANNON.value(p, q));
        statistics.put(DriftTest.HELLINGER.id(), HELLINGER.value(p, q));
        statistics.put(DriftTest.KL.id(), KL.value(p, q));
        statistics.put(DriftTest.TOTAL_VARIATION.id(), TOTAL_VARIATION.value(p, q));
        put(DriftTest.CHI_SQUARE, ChiSquareHomogeneity.test(bins.referenceCounts(), bins.windowCounts()),
                statistics);
        // For significance at the false-alarm target's small levels (SignificantEffect): sparse
        // categories pooled so that the chi-square tail is not read where it does not hold.
        statistics.put(SignificantEffect.CHI_SQUARE_POOLED_P_VALUE, ChiSquareHomogeneity.testPooled(
                bins.referenceCounts(), bins.windowCounts(), SignificantEffect.MIN_EXPECTED_COUNT).pValue());
        if (type == FeatureType.BINARY) {
            long[] reference = bins.referenceCounts();
            long[] window = bins.windowCounts();
            long referenceHits = reference.length == 2 ? reference[1] : 0;
            long windowHits = window.length == 2 ? window[1] : 0;
            put(DriftTest.Z_TEST, TwoProportionZTest.test(referenceHits, total(reference), windowHits, total(window)),
                    statistics);
        }
    }

    private static void putCdfDistances(NumericSummary reference, NumericSummary window,
                                        Map<String, Double> statistics, Map<String, Double> errorBounds) {
        CdfDistances distances = CdfDistances.between(reference.sketch(), window.sketch());
        double ks = distances.kolmogorovSmirnov();
        double pValue = KolmogorovSmirnovPValue.pValue(ks, reference.count(), window.count());
        statistics.put(DriftTest.KS.id(), ks);
        statistics.put(DriftTest.KS.pValueId(), pValue);
        statistics.put(DriftTest.WASSERSTEIN.id(), distances.normalisedWasserstein(reference.stdDev()));
        if (isEstimated(reference, window)) {
            double ksBound = CdfDistances.kolmogorovSmirnovErrorBound(reference, window);
            // p falls as D grows, so the extreme p-values sit at the ends of D's interval.
            double pHigh = KolmogorovSmirnovPValue.pValue(Math.max(0, ks - ksBound), reference.count(), window.count());
            double pLow = KolmogorovSmirnovPValue.pValue(Math.min(1, ks + ksBound), reference.count(), window.count());
            errorBounds.put(DriftTest.KS.id(), ksBound);
            errorBounds.put(DriftTest.KS.pValueId(), Math.max(pHigh - pValue, pValue - pLow));
            errorBounds.put(DriftTest.WASSERSTEIN.id(),
                    CdfDistances.normalisedWassersteinErrorBound(reference, window));
        }
    }

    private static void put(DriftTest test, TestOutcome outcome, Map<String, Double> statistics) {
        statistics.put(test.id(), outcome.statistic());
        statistics.put(test.pValueId(), outcome.pValue());
    }

    private static boolean isEstimated(NumericSummary reference, NumericSummary window) {
        return reference.sketch().isEstimationMode() || window.sketch().isEstimationMode();
    }

    private static long total(long[] counts) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    private static FeatureDriftResult insufficient(String feature, FeatureType type, DriftTest test, double threshold,
                                                   long referenceCount, long windowCount,
                                                   List<String> newCategories) {
        return new FeatureDriftResult(feature, type, test, null, null, threshold, DriftVerdict.INSUFFICIENT_DATA,
                null, windowCount, referenceCount, Map.of(), Map.of(), newCategories);
    }

    private static FeatureDriftResult judged(String feature, FeatureType type, DriftTest test, double threshold,
                                             long referenceCount, long windowCount, Map<String, Double> statistics,
                                             Map<String, Double> errorBounds, List<String> newCategories) {
        Double statistic = statistics.get(test.id());
        Double pValue = test.hasPValue() ? statistics.get(test.pValueId()) : null;
        boolean drift = test.hasPValue() ? pValue < threshold : statistic >= threshold;
        return new FeatureDriftResult(feature, type, test, statistic, pValue, threshold,
                drift ? DriftVerdict.DRIFT : DriftVerdict.NO_DRIFT, errorBounds.get(test.id()), windowCount,
                referenceCount, statistics, errorBounds, newCategories);
    }
}
