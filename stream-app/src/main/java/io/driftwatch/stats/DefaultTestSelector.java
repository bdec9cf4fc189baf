package io.driftwatch.stats;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Picks how a feature is compared and which test judges it when configuration does not say,
 * following Evidently's {@code _get_default_stattest} (evidentlyai/evidently,
 * {@code src/evidently/legacy/calculations/stattests/registry.py}):
 * <ul>
 *   <li>A numeric feature whose reference and window together hold at most
 *       {@value #CATEGORICAL_MAX_DISTINCT} distinct values (Evidently:
 *       {@code pd.concat([reference, current]).nunique() <= 5}) is compared as categories of those
 *       values: {@link FeatureType#BINARY} with at most two, else {@link FeatureType#CATEGORICAL}. A
 *       categorical feature is BINARY with at most two categories (counting "other").</li>
 *   <li>Reference of at most {@value #SMALL_REFERENCE_MAX_VALUES} values: Kolmogorov–Smirnov for
 *       NUMERIC, chi-square for CATEGORICAL, z-test for BINARY.</li>
 *   <li>Larger reference: normalised Wasserstein for NUMERIC, Jensen–Shannon for CATEGORICAL and
 *       BINARY.</li>
 * </ul>
 * Evidently counts reference rows; Driftwatch counts the reference's non-missing values. Evidently
 * uses the union of distinct values as above, so a feature's type can change from one window to the
 * next when a window brings values the reference lacks; Driftwatch does the same, and a window
 * with more than {@link NumericSummary#DISTINCT_CAP} distinct values (no value counts) is NUMERIC.
 */
public final class DefaultTestSelector {

    /** Largest reference, in values, judged by the tests with a p-value. */
    public static final long SMALL_REFERENCE_MAX_VALUES = 1000;
    /** Most distinct values (reference and window together) for a numeric feature to be compared as categories. */
    public static final int CATEGORICAL_MAX_DISTINCT = 5;

    /** A selector; it holds no state. */
    public DefaultTestSelector() {
    }

    /** The default test for a comparison of the given type against a reference of the given size. */
    public DriftTest select(FeatureType type, long referenceCount) {
        boolean small = referenceCount <= SMALL_REFERENCE_MAX_VALUES;
        return switch (type) {
            case NUMERIC -> small ? DriftTest.KS : DriftTest.WASSERSTEIN;
            case CATEGORICAL -> small ? DriftTest.CHI_SQUARE : DriftTest.JENSEN_SHANNON;
            case BINARY -> small ? DriftTest.Z_TEST : DriftTest.JENSEN_SHANNON;
        };
    }

    /** How a numeric feature is compared: see the class comment. */
    public FeatureType typeOf(NumericSummary reference, NumericSummary window) {
        if (!reference.hasValueCounts() || !window.hasValueCounts()) {
            return FeatureType.NUMERIC;
        }
        Set<Double> values = new HashSet<>(reference.valueCounts().keySet());
        values.addAll(window.valueCounts().keySet());
        return values.size() > CATEGORICAL_MAX_DISTINCT ? FeatureType.NUMERIC : forCategoryCount(values.size());
    }

    /** How a categorical feature is compared: BINARY with at most two categories (counting "other"). */
    public FeatureType typeOf(CategoricalSummary reference, CategoricalSummary window) {
        Set<String> categories = new HashSet<>();
        addPositive(categories, reference.frequencies());
        addPositive(categories, window.frequencies());
        boolean other = reference.otherCount() > 0 || window.otherCount() > 0;
        return forCategoryCount(categories.size() + (other ? 1 : 0));
    }

    static FeatureType forCategoryCount(int categories) {
        return categories <= 2 ? FeatureType.BINARY : FeatureType.CATEGORICAL;
    }

    private static void addPositive(Set<String> categories, Map<String, Long> counts) {
        counts.forEach((category, count) -> {
            if (count > 0) {
                categories.add(category);
            }
        });
    }
}
