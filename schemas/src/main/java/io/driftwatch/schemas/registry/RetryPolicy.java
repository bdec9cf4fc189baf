package io.driftwatch.schemas.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a request to the registry is retried after a connection failure,
 * a timeout, a 5xx or a 429: at most {@code maxRetries} more attempts, waiting
 * {@code initialWait × 2^n} before retry {@code n} (from 0), never more than {@code maxWait}.
 * With the defaults (3, 1 s, 20 s) a request gives up after about 7 s of waiting.
 *
 * @param maxRetries retries after the first attempt; 0 disables retrying
 * @param initialWait wait before the first retry
 * @param maxWait cap on any single wait
 */
public record RetryPolicy(int maxRetries, Duration initialWait, Duration maxWait) {

    public RetryPolicy {
        Objects.requireNonNull(initialWait, "initialWait");
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (initialWait.isNegative() || maxWait.isNegative()) {
            throw new IllegalArgumentException("retry waits must be >= 0, were " + initialWait + " and " + maxWait);
        }
    }

    /** Confluent's client defaults: 3 retries, 1 s first wait, 20 s cap. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20));
    }

    /** The wait before retry {@code retry} (0 for the first retry). */
    public Duration waitBefore(int retry) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must be >= 0, was " + retry);
        }
        // Past 2^30 the doubling has long passed any sane cap; stop shifting before it overflows.
        long factor = 1L << Math.min(retry, 30);
        long millis = initialWait.toMillis() > Long.MAX_VALUE / factor ? Long.MAX_VALUE : initialWait.toMillis() * factor;
        return Duration.ofMillis(Math.min(millis, maxWait.toMillis()));
    }
}
