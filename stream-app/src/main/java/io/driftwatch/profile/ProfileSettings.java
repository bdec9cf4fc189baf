package io.driftwatch.profile;

import java.util.List;

/**
 * How window profiles are sized, and what a positive prediction is.
 *
 * @param kllK              KLL sketch parameter for numeric features: larger is more accurate and bigger
 *                          (the default k = 400 gives about 0.7% normalized rank error and at most about
 *                          9 KB per feature-window; k = 200 about 1.3% and 4.5 KB)
 * @param maxCategories     categories counted by name per categorical feature; the rest go to "other"
 * @param segmentAttributes segment attributes whose values are counted per window (for fairness)
 * @param maxSegmentValues  values counted per segment attribute; the rest go to {@code __other__}
 * @param positiveLabel     the positive class of binary classifiers
 * @param decisionThreshold score at or above which a binary prediction counts as positive
 * @param maxFeatures       distinct features profiled per window; values of further features are
 *                          counted, not profiled (a producer that puts ids into feature names would
 *                          otherwise grow a window's profile without bound)
 */
public record ProfileSettings(int kllK, int maxCategories, List<String> segmentAttributes, int maxSegmentValues,
                              String positiveLabel, double decisionThreshold, int maxFeatures) {

    public static final int DEFAULT_KLL_K = 400;
    public static final int DEFAULT_MAX_CATEGORIES = 100;
    public static final int DEFAULT_MAX_SEGMENT_VALUES = 50;
    /** About 10 MB of sketches at k = 400: within the 16 MiB records Driftwatch writes. */
    public static final int DEFAULT_MAX_FEATURES = 1_000;

    public ProfileSettings {
        if (kllK < 8 || kllK > 65535) {
            throw new IllegalArgumentException("profile.kll.k must be between 8 and 65535, was " + kllK);
        }
        if (maxCategories < 2) {
            throw new IllegalArgumentException("profile.max.categories must be at least 2, was " + maxCategories);
        }
        if (maxSegmentValues < 1) {
            throw new IllegalArgumentException("segments.max.values must be at least 1, was " + maxSegmentValues);
        }
        if (maxFeatures < 1) {
            throw new IllegalArgumentException("profile.max.features must be at least 1, was " + maxFeatures);
        }
        if (!(decisionThreshold > 0.0 && decisionThreshold < 1.0)) {
            throw new IllegalArgumentException("labels.decision.threshold must be in (0, 1), was " + decisionThreshold);
        }
        segmentAttributes = List.copyOf(segmentAttributes);
    }

    public ProfileSettings(int kllK, int maxCategories) {
        this(kllK, maxCategories, List.of(), DEFAULT_MAX_SEGMENT_VALUES, "1", 0.5, DEFAULT_MAX_FEATURES);
    }

    public static ProfileSettings defaults() {
        return new ProfileSettings(DEFAULT_KLL_K, DEFAULT_MAX_CATEGORIES);
    }

    public ProfileSettings withMaxFeatures(int features) {
        return new ProfileSettings(kllK, maxCategories, segmentAttributes, maxSegmentValues, positiveLabel,
            decisionThreshold, features);
    }

    /** Whether a prediction counts as positive: its score reaches the threshold, else its label is the positive class. */
    public boolean isPositive(Double score, String label) {
        if (score != null) {
            return score >= decisionThreshold;
        }
        return positiveLabel.equals(label);
    }
}
