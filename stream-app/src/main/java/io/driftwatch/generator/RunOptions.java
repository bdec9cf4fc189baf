package io.driftwatch.generator;

import java.time.Duration;

/**
 * How a {@link TrafficRunner} sends: how fast, for how long, with which event times, and what
 * becomes of outcomes still waiting when the predictions end. Build with {@link #builder()}.
 *
 * @param rate               predictions per second; 0 sends as fast as the sink takes them
 * @param burst              token-bucket capacity in events; 0 for the default, 10 ms of traffic
 * @param duration           how long predictions are sent; null for no limit
 * @param maxEvents          how many predictions are sent; 0 for no limit
 * @param timeline           event times; null for real time from the generator's start
 * @param outcomeFlush       what happens to waiting outcomes when the predictions end
 * @param progressInterval   how often progress is reported
 * @param maxPendingOutcomes outcomes held at most; beyond it the earliest is sent before its due
 *                           time (memory is rate × label delay × coverage events otherwise)
 */
public record RunOptions(double rate, double burst, Duration duration, long maxEvents, Timeline timeline,
                         OutcomeFlush outcomeFlush, Duration progressInterval, int maxPendingOutcomes) {

    /** What becomes of outcomes still waiting when the predictions end. */
    public enum OutcomeFlush {
        /** Send each when it is due (at once on a synthetic timeline, where waiting moves no time). */
        WAIT,
        /** Send them all at once, in due order. */
        SEND_NOW,
        /** Never send them. */
        DROP
    }

    public RunOptions {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate " + rate + " events/s must be a finite number >= 0 (0: as fast as possible)");
        }
        if (!(burst == 0 || burst >= 1) || Double.isInfinite(burst)) {
            throw new IllegalArgumentException("burst " + burst + " must be 0 (default) or a finite number >= 1");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration " + duration + " must be positive, or null for no limit");
        }
        if (maxEvents < 0) {
            throw new IllegalArgumentException("event count " + maxEvents + " must be >= 0 (0: no limit)");
        }
        if (outcomeFlush == null) {
            throw new IllegalArgumentException("outcome flush policy must be set");
        }
        if (progressInterval == null || progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("progress interval " + progressInterval + " must be positive");
        }
        if (maxPendingOutcomes < 1) {
            throw new IllegalArgumentException("max pending outcomes " + maxPendingOutcomes + " must be at least 1");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: as fast as possible, no limits, real time, outcomes WAIT, progress every second, 1,000,000 pending. */
    public static final class Builder {
        private double rate;
        private double burst;
        private Duration duration;
        private long maxEvents;
        private Timeline timeline;
        private OutcomeFlush outcomeFlush = OutcomeFlush.WAIT;
        private Duration progressInterval = Duration.ofSeconds(1);
        private int maxPendingOutcomes = 1_000_000;

        private Builder() {
        }

        public Builder rate(double eventsPerSecond) {
            rate = eventsPerSecond;
            return this;
        }

        public Builder burst(double events) {
            burst = events;
            return this;
        }

        public Builder duration(Duration d) {
            duration = d;
            return this;
        }

        public Builder maxEvents(long n) {
            maxEvents = n;
            return this;
        }

        public Builder timeline(Timeline t) {
            timeline = t;
            return this;
        }

        public Builder outcomeFlush(OutcomeFlush f) {
            outcomeFlush = f;
            return this;
        }

        public Builder progressInterval(Duration d) {
            progressInterval = d;
            return this;
        }

        public Builder maxPendingOutcomes(int n) {
            maxPendingOutcomes = n;
            return this;
        }

        public RunOptions build() {
            return new RunOptions(rate, burst, duration, maxEvents, timeline, outcomeFlush, progressInterval, maxPendingOutcomes);
        }
    }
}
