package io.driftwatch.stats;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The drift statistics Driftwatch computes, each with its id (the key in
 * {@link FeatureDriftResult#statistics()}), whether it is a test with a p-value, its default
 * threshold and the feature types it applies to.
 *
 * <p>Default thresholds follow Evidently's registered stat tests
 * (<a href="https://github.com/evidentlyai/evidently">evidentlyai/evidently</a>,
 * {@code src/evidently/legacy/calculations/stattests/*.py}, {@code default_threshold}): 0.05 for the
 * tests with a p-value (verdict DRIFT when {@code p < threshold}) and 0.1 for the distances (verdict
 * DRIFT when {@code statistic >= threshold}). Formulas, log base, smoothing and error bounds are
 * documented on the class that computes each statistic and in {@code docs/statistics.md}.
 */
public enum DriftTest {
    /**
     * Population Stability Index, {@link PopulationStabilityIndex}. Threshold 0.1 (Evidently
     * {@code psi.py}); 0.25 is the level credit scoring calls a significant shift.
     */
    PSI("psi", false, 0.1, EnumSet.allOf(FeatureType.class)),
    /**
     * Two-sample Kolmogorov–Smirnov test, {@link CdfDistances} and {@link KolmogorovSmirnovPValue};
     * p-value threshold 0.05 (Evidently {@code ks_stattest.py}).
     */
    KS("ks", true, 0.05, EnumSet.of(FeatureType.NUMERIC)),
    /**
     * Wasserstein-1 distance divided by the reference standard deviation, {@link CdfDistances};
     * threshold 0.1 (Evidently {@code wasserstein_distance_norm.py}).
     */
    WASSERSTEIN("wasserstein", false, 0.1, EnumSet.of(FeatureType.NUMERIC)),
    /** Jensen–Shannon distance (natural log), {@link JensenShannonDistance}; threshold 0.1 (Evidently {@code jensenshannon.py}). */
    JENSEN_SHANNON("jensen_shannon", false, 0.1, EnumSet.allOf(FeatureType.class)),
    /** Hellinger distance, {@link HellingerDistance}; threshold 0.1 (Evidently {@code hellinger_distance.py}). */
    HELLINGER("hellinger", false, 0.1, EnumSet.allOf(FeatureType.class)),
    /** Kullback–Leibler divergence KL(reference ‖ window), {@link KullbackLeiblerDivergence}; threshold 0.1 (Evidently {@code kl_div.py}). */
    KL("kl", false, 0.1, EnumSet.allOf(FeatureType.class)),
    /** Chi-square test of homogeneity of reference and window counts, {@link ChiSquareHomogeneity}; p-value threshold 0.05 (as Evidently {@code chisquare_stattest.py}, which tests goodness of fit instead). */
    CHI_SQUARE("chi_square", true, 0.05, EnumSet.of(FeatureType.CATEGORICAL, FeatureType.BINARY)),
    /**
     * Total variation distance, {@link TotalVariationDistance}; threshold 0.1 on the distance itself.
     * Evidently's {@code tvd_stattest.py} turns the distance into a permutation-test p-value (and
     * compares that with 0.1); a summary cannot be permuted, so Driftwatch thresholds the distance.
     */
    TOTAL_VARIATION("total_variation", false, 0.1, EnumSet.of(FeatureType.CATEGORICAL, FeatureType.BINARY)),
    /** Two-proportion z-test, {@link TwoProportionZTest}; p-value threshold 0.05 (Evidently {@code z_stattest.py}). */
    Z_TEST("z_test", true, 0.05, EnumSet.of(FeatureType.BINARY));

    private static final String P_VALUE_SUFFIX = "_p_value";

    private final String id;
    private final boolean hasPValue;
    private final double defaultThreshold;
    private final Set<FeatureType> featureTypes;

    DriftTest(String id, boolean hasPValue, double defaultThreshold, Set<FeatureType> featureTypes) {
        this.id = id;
        this.hasPValue = hasPValue;
        this.defaultThreshold = defaultThreshold;
        this.featureTypes = featureTypes;
    }

    /** The id used in configuration, reports and as key of {@link FeatureDriftResult#statistics()}. */
    public String id() {
        return id;
    }

    /** True for tests judged on a p-value (DRIFT when {@code p < threshold}). */
    public boolean hasPValue() {
        return hasPValue;
    }

    /** Key of this test's p-value in {@link FeatureDriftResult#statistics()}, e.g. {@code ks_p_value}. */
    public String pValueId() {
        if (!hasPValue) {
            throw new IllegalStateException(id + " is a distance and has no p-value");
        }
        return id + P_VALUE_SUFFIX;
    }

    /** The threshold used when configuration sets none. */
    public double defaultThreshold() {
        return defaultThreshold;
    }

    /** Whether this statistic is defined for a comparison of the given type. */
    public boolean appliesTo(FeatureType type) {
        return featureTypes.contains(type);
    }

    /**
     * The test with the given id (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the valid ids when none matches
     */
    public static DriftTest fromId(String id) {
        if (id != null) {
            String wanted = id.strip().toLowerCase(Locale.ROOT);
            for (DriftTest test : values()) {
                if (test.id.equals(wanted)) {
                    return test;
                }
            }
        }
        throw new IllegalArgumentException("Unknown drift test '" + id + "'; use one of " + validIds());
    }

    static String validIds() {
        return Arrays.stream(values()).map(DriftTest::id).collect(Collectors.joining(", "));
    }
}
