package io.driftwatch.stats;

import java.util.Map;
import java.util.Objects;

/**
 * A categorical feature's summary over a window or a reference: exact counts for at most the
 * producer's number of categories, and the count of the values folded into one "other" bin beyond it.
 *
 * @param frequencies count per category (non-negative)
 * @param otherCount  values of categories beyond the producer's cap, folded into "other"
 */
public record CategoricalSummary(Map<String, Long> frequencies, long otherCount) {

    public CategoricalSummary {
        Objects.requireNonNull(frequencies, "frequencies");
        frequencies = Map.copyOf(frequencies);
        for (Map.Entry<String, Long> entry : frequencies.entrySet()) {
            if (entry.getValue() < 0) {
                throw new IllegalArgumentException("Category '" + entry.getKey() + "' has a negative count "
                        + entry.getValue() + "; counts must be >= 0");
            }
        }
        if (otherCount < 0) {
            throw new IllegalArgumentException("otherCount must be >= 0, got " + otherCount);
        }
    }

    /** All values counted: the categories' counts plus {@link #otherCount()}. */
    public long total() {
        long total = otherCount;
        for (long count : frequencies.values()) {
            total += count;
        }
        return total;
    }
}
