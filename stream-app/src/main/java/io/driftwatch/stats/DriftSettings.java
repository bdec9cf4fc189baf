package io.driftwatch.stats;

/**
 * How one feature's drift is judged.
 *
 * @param testOverride      the test whose statistic gives the verdict; null for the default test
 *                          ({@link DefaultTestSelector})
 * @param thresholdOverride the threshold for that test; null for the test's
 *                          {@link DriftTest#defaultThreshold() default}. A significance level for
 *                          tests with a p-value (in (0, 1)), a distance otherwise (&gt; 0). Without
 *                          a test override it applies to whichever test the selector picks, as in
 *                          Evidently; set both together unless that is what you mean
 * @param minSampleSize     fewer values than this in the window or in the reference give
 *                          {@link DriftVerdict#INSUFFICIENT_DATA} and no statistic (at least 1)
 * @param psiBins           number of reference-quantile bins for the binned statistics of numeric
 *                          features (PSI, Jensen–Shannon, Hellinger, KL), 2 to
 *                          {@value #MAX_PSI_BINS}; equal split points are merged, so there may be fewer
 */
public record DriftSettings(DriftTest testOverride, Double thresholdOverride, long minSampleSize, int psiBins) {

    /**
     * Default minimum sample size: 100 values. A distance judged on its fixed 0.1 threshold alone
     * alarms on small windows from sampling noise (the normalised Wasserstein distance of 100 values
     * drawn from the reference itself reaches 0.1 about 70% of the time, of 500 values about 6%:
     * {@code docs/statistics.md}), so the minimum used to be 500. With a false-alarm target (the
     * default rules have one) every verdict also needs significance at the target's level
     * ({@link SignificantEffect}), which holds its false-alarm rate at any window size, so 100 values
     * suffice for a verdict; a low-traffic model gets verdicts instead of INSUFFICIENT_DATA. Without a
     * target, raise it to 500. The minimum applies to the reference too.
     */
    public static final long DEFAULT_MIN_SAMPLE_SIZE = 100;
    /** Default number of reference-quantile bins, as in the usual decile PSI. */
    public static final int DEFAULT_PSI_BINS = 10;
    /** Largest accepted number of bins. */
    public static final int MAX_PSI_BINS = 1000;

    public DriftSettings {
        if (minSampleSize < 1) {
            throw new IllegalArgumentException("minSampleSize must be at least 1, got " + minSampleSize);
        }
        if (psiBins < 2 || psiBins > MAX_PSI_BINS) {
            throw new IllegalArgumentException(
                    "psiBins must be between 2 and " + MAX_PSI_BINS + ", got " + psiBins);
        }
        if (thresholdOverride != null && !(thresholdOverride > 0 && Double.isFinite(thresholdOverride))) {
            throw new IllegalArgumentException(
                    "thresholdOverride must be a positive finite number, got " + thresholdOverride);
        }
        if (testOverride != null && thresholdOverride != null) {
            checkThreshold(testOverride, thresholdOverride);
        }
    }

    /** No overrides, {@value #DEFAULT_MIN_SAMPLE_SIZE} values at least, {@value #DEFAULT_PSI_BINS} bins. */
    public static DriftSettings defaults() {
        return new DriftSettings(null, null, DEFAULT_MIN_SAMPLE_SIZE, DEFAULT_PSI_BINS);
    }

    /** A copy with the given test override (null for the default test). */
    public DriftSettings withTestOverride(DriftTest test) {
        return new DriftSettings(test, thresholdOverride, minSampleSize, psiBins);
    }

    /** A copy with the given threshold override (null for the test's default). */
    public DriftSettings withThresholdOverride(Double threshold) {
        return new DriftSettings(testOverride, threshold, minSampleSize, psiBins);
    }

    /** A copy with the given minimum sample size. */
    public DriftSettings withMinSampleSize(long minimum) {
        return new DriftSettings(testOverride, thresholdOverride, minimum, psiBins);
    }

    /** A copy with the given number of bins. */
    public DriftSettings withPsiBins(int bins) {
        return new DriftSettings(testOverride, thresholdOverride, minSampleSize, bins);
    }

    /**
     * The threshold that judges {@code test}: the override if set, else the test's default.
     *
     * @throws IllegalArgumentException if the override is not a valid significance level for a test
     *                                  with a p-value
     */
    public double thresholdFor(DriftTest test) {
        if (thresholdOverride == null) {
            return test.defaultThreshold();
        }
        checkThreshold(test, thresholdOverride);
        return thresholdOverride;
    }

    private static void checkThreshold(DriftTest test, double threshold) {
        if (test.hasPValue() && threshold >= 1) {
            throw new IllegalArgumentException("Threshold " + threshold + " for " + test.id()
                    + " is a significance level and must lie in (0, 1), e.g. 0.05");
        }
    }
}
