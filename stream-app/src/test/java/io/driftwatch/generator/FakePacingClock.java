package io.driftwatch.generator;

/**
 * A clock that moves only when parked (by the time asked, plus a fixed overshoot as an OS would
 * add) or advanced by a test, so pacing is checked without real time.
 */
final class FakePacingClock implements PacingClock {

    private final long parkOvershootNanos;
    private long now = 1_000_000_000L;
    private long parks;

    FakePacingClock(long parkOvershootNanos) {
        this.parkOvershootNanos = parkOvershootNanos;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void parkNanos(long nanos) {
        if (nanos <= 0) {
            throw new AssertionError("parked for " + nanos + " ns; a runner must not park for nothing");
        }
        parks++;
        now += nanos + parkOvershootNanos;
    }

    void advance(long nanos) {
        now += nanos;
    }

    long parks() {
        return parks;
    }
}
