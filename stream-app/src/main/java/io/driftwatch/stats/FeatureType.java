package io.driftwatch.stats;

/**
 * How a feature is compared with its reference.
 *
 * <p>A numeric feature is {@link #NUMERIC} unless the reference and the window together show at
 * most {@link DefaultTestSelector#CATEGORICAL_MAX_DISTINCT} distinct values; it is then compared as
 * categories of those values, like a categorical feature. A categorical comparison with at most two
 * categories (counting the "other" bin) is {@link #BINARY}.
 */
public enum FeatureType {
    /** Compared through the two KLL sketches (CDFs and reference-quantile bins). */
    NUMERIC,
    /** Compared category by category, over more than two categories. */
    CATEGORICAL,
    /** Compared category by category, over at most two categories. */
    BINARY
}
