package io.driftwatch.stats;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Drift of one feature between a window and its reference.
 *
 * @param feature        feature name
 * @param type           how the feature was compared
 * @param test           the statistic the verdict comes from
 * @param statistic      that statistic's value (for tests: the test statistic, e.g. the KS distance D
 *                       or χ²); null with {@link DriftVerdict#INSUFFICIENT_DATA}
 * @param pValue         the test's p-value for tests that have one, else null
 * @param threshold      significance level (tests: DRIFT when {@code pValue < threshold}) or distance
 *                       threshold (DRIFT when {@code statistic >= threshold})
 * @param verdict        the outcome
 * @param errorBound     bound on |statistic − the same statistic on the exact data| that comes from
 *                       summarising the data in KLL sketches; null when the statistic is exact
 * @param windowCount    values compared in the window
 * @param referenceCount values compared in the reference
 * @param statistics     every statistic that applies to the comparison, keyed by
 *                       {@link DriftTest#id()}, and the p-values by {@link DriftTest#pValueId()}; empty
 *                       with {@link DriftVerdict#INSUFFICIENT_DATA}. Sorted by key
 * @param errorBounds    the sketch error bound of each entry of {@code statistics} that has one, by the
 *                       same key; absent entries are exact
 * @param newCategories  window categories (or, for low-cardinality numeric features, values) absent
 *                       from the reference, sorted, at most {@link #MAX_NEW_CATEGORIES}
 */
public record FeatureDriftResult(String feature, FeatureType type, DriftTest test, Double statistic, Double pValue,
                                 double threshold, DriftVerdict verdict, Double errorBound, long windowCount,
                                 long referenceCount, Map<String, Double> statistics, Map<String, Double> errorBounds,
                                 List<String> newCategories) {

    /** Most new categories listed. */
    public static final int MAX_NEW_CATEGORIES = 20;

    public FeatureDriftResult {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(verdict, "verdict");
        statistics = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(statistics, "statistics")));
        errorBounds = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(errorBounds, "errorBounds")));
        newCategories = List.copyOf(Objects.requireNonNull(newCategories, "newCategories"));
    }
}
