package io.driftwatch.ingest;

/**
 * A rule on the record key of an event that decoded and validated. A layout that relies on where the
 * producer partitioned a record (the strict co-partitioned label join) refuses one keyed otherwise, and
 * the refusal is a dead letter like any other.
 */
@FunctionalInterface
public interface KeyRule<T> {

    /** Why a record with this key and event cannot be accepted, or null when it can. */
    Rejection check(byte[] key, T event);

    /** Any key, or none. */
    static <T> KeyRule<T> anyKey() {
        return (key, event) -> null;
    }
}
