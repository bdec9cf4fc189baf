package io.driftwatch.connect;

import java.time.Duration;

/**
 * Bounded exponential backoff: retry {@code n} (counting from 0) waits
 * {@code min(maxBackoff, initialBackoff * 2^n)}. No jitter: a sink task retries one request at a
 * time, so there is no herd of its own to spread.
 *
 * @param maxRetries     retries after the first attempt; 0 means a single attempt
 * @param initialBackoff wait before the first retry
 * @param maxBackoff     longest wait between two attempts
 */
record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, was "
                    + initialBackoff + " and " + maxBackoff);
        }
    }

    static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);

    /** Wait before retry {@code retry} (0 for the first retry). */
    Duration backoff(int retry) {
        Duration backoff = initialBackoff;
        for (int i = 0; i < retry && backoff.compareTo(maxBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    /** The longest all attempts can take when each attempt takes at most {@code attemptTimeout}. */
    Duration worstCase(Duration attemptTimeout) {
        Duration total = attemptTimeout.multipliedBy(maxRetries + 1L);
        for (int retry = 0; retry < maxRetries; retry++) {
            total = total.plus(backoff(retry));
        }
        return total;
    }
}
