package io.driftwatch.stats;

/** Outcome of one feature's drift test. */
public enum DriftVerdict {
    /** The statistic stayed on the no-drift side of its threshold. */
    NO_DRIFT,
    /** p-value below the threshold (tests), or statistic at or above it (distances). */
    DRIFT,
    /** The window or the reference held fewer values than the minimum sample size: no statistic. */
    INSUFFICIENT_DATA
}
