package io.driftwatch.generator;

import java.time.Instant;
import java.util.Objects;

/**
 * Event time of generated events. {@link Elapsed} follows the run's elapsed time (real time at
 * speed 1), for live traffic; {@link Synthetic} spaces events evenly from a start at a nominal rate,
 * however fast they are actually sent, for offline generation and benchmarks.
 */
public sealed interface Timeline {

    /** The time of the first event; scenario times count from it. */
    Instant start();

    /**
     * Event time of the event with 0-based {@code index}, generated {@code elapsedNanos} after the
     * run started. Also the "now" against which waiting outcomes are released.
     */
    Instant at(long index, long elapsedNanos);

    /** True when time moves with elapsed time, so waiting for an outcome's due time means waiting. */
    boolean followsElapsedTime();

    /**
     * Elapsed nanoseconds from {@code elapsedNanos} until event time reaches {@code t} (0 if it has);
     * {@link Long#MAX_VALUE} when waiting does not move this timeline.
     */
    long nanosUntil(Instant t, long index, long elapsedNanos);

    /** Real time from {@code start}. */
    static Timeline realTime(Instant start) {
        return new Elapsed(start, 1);
    }

    /**
     * start + elapsed·speed.
     *
     * @param speed event-time seconds per elapsed second (1 = real time)
     */
    record Elapsed(Instant start, double speed) implements Timeline {
        public Elapsed {
            Objects.requireNonNull(start, "start");
            if (!(speed > 0) || Double.isInfinite(speed)) {
                throw new IllegalArgumentException("timeline speed " + speed + " must be a finite number > 0");
            }
        }

        @Override
        public Instant at(long index, long elapsedNanos) {
            return start.plusNanos(Math.round(elapsedNanos * speed));
        }

        @Override
        public boolean followsElapsedTime() {
            return true;
        }

        @Override
        public long nanosUntil(Instant t, long index, long elapsedNanos) {
            Instant now = at(index, elapsedNanos);
            if (!t.isAfter(now)) {
                return 0;
            }
            double ahead = java.time.Duration.between(now, t).toNanos();
            return (long) Math.ceil(ahead / speed);
        }
    }

    /**
     * start + index / eventsPerSecond: synthetic timestamps at a nominal rate, independent of how
     * fast the events are produced.
     */
    record Synthetic(Instant start, double eventsPerSecond) implements Timeline {
        public Synthetic {
            Objects.requireNonNull(start, "start");
            if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
                throw new IllegalArgumentException("synthetic rate " + eventsPerSecond + " events/s must be a finite number > 0");
            }
        }

        @Override
        public Instant at(long index, long elapsedNanos) {
            return start.plusNanos(Math.round(index * 1e9 / eventsPerSecond));
        }

        @Override
        public boolean followsElapsedTime() {
            return false;
        }

        @Override
        public long nanosUntil(Instant t, long index, long elapsedNanos) {
            return t.isAfter(at(index, elapsedNanos)) ? Long.MAX_VALUE : 0;
        }
    }
}
