package io.driftwatch.generator;

import java.util.concurrent.locks.LockSupport;

/**
 * The monotonic clock and the parking a {@link TrafficRunner} paces itself with; tests pass a
 * fake one that advances time when parked.
 */
public interface PacingClock {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Blocks for up to {@code nanos} (may return early, e.g. when the runner is stopped). */
    void parkNanos(long nanos);

    /** {@link System#nanoTime()} and {@link LockSupport#parkNanos(long)}. */
    static PacingClock system() {
        return SystemPacingClock.INSTANCE;
    }
}

/** The real clock. */
enum SystemPacingClock implements PacingClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void parkNanos(long nanos) {
        LockSupport.parkNanos(nanos);
    }
}
