package io.driftwatch.profile;

/**
 * How window profiles are sized.
 *
 * @param kllK          KLL sketch parameter for numeric features: larger is more accurate and bigger
 *                      (k = 200 gives about 1.3% normalized rank error and about 4 KB per feature)
 * @param maxCategories categories counted by name per categorical feature; the rest go to "other"
 */
public record ProfileSettings(int kllK, int maxCategories) {

    public static final int DEFAULT_KLL_K = 200;
    public static final int DEFAULT_MAX_CATEGORIES = 100;

    public ProfileSettings {
        if (kllK < 8 || kllK > 65535) {
            throw new IllegalArgumentException("profile.kll.k must be between 8 and 65535, was " + kllK);
        }
        if (maxCategories < 2) {
            throw new IllegalArgumentException("profile.max.categories must be at least 2, was " + maxCategories);
        }
    }

    public static ProfileSettings defaults() {
        return new ProfileSettings(DEFAULT_KLL_K, DEFAULT_MAX_CATEGORIES);
    }
}
