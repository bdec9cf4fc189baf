package io.driftwatch.generator;

import io.driftwatch.schemas.OutcomeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link TrafficGenerator} into an {@link EventSink}: predictions at the configured rate
 * (a token bucket, {@link RatePacer}; the thread parks between bursts, it never spins), each
 * prediction's outcome held in an {@link OutcomeDelayQueue} and sent when the timeline reaches its
 * due time, progress reported every interval, until the duration or count is reached or
 * {@link #stop()} is called from another thread.
 *
 * <p>Parks are capped at the next progress report, the next due outcome and the end of the run, so
 * reports stay on time even at a rate of one event a minute, and {@link #stop()} unparks at once.
 */
public final class TrafficRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficRunner.class);
    /** Events generated between clock readings when sending as fast as possible. */
    private static final int UNPACED_BATCH = 1024;
    /** Shortest park while paced, unless the bucket fills sooner. */
    private static final long MIN_PARK_NANOS = 1_000_000L;

    private final TrafficGenerator generator;
    private final EventSink sink;
    private final RunOptions options;
    private final PacingClock clock;
    private final Timeline timeline;
    private final OutcomeDelayQueue pending = new OutcomeDelayQueue();

    private volatile boolean stopped;
    private volatile Thread runner;
    private boolean started;

    private long t0;
    private long predictions;
    private long outcomes;
    private long outcomesEarly;
    private long nextReport;
    private long lastReportNanos;
    private long lastReportPredictions;

    /** A runner on the real clock. */
    public TrafficRunner(TrafficGenerator generator, EventSink sink, RunOptions options) {
        this(generator, sink, options, PacingClock.system());
    }

    public TrafficRunner(TrafficGenerator generator, EventSink sink, RunOptions options, PacingClock clock) {
        this.generator = generator;
        this.sink = sink;
        this.options = options;
        this.clock = clock;
        this.timeline = options.timeline() != null ? options.timeline() : Timeline.realTime(generator.start());
        if (!timeline.start().equals(generator.start())) {
            throw new IllegalArgumentException("the timeline starts at " + timeline.start() + " but the generator at "
                + generator.start() + "; scenario times count from the generator's start, so give both the same start");
        }
    }

    /** Asks a running {@link #run} to end soon; safe from any thread. Waiting outcomes are then dropped unless the flush policy is SEND_NOW. */
    public void stop() {
        stopped = true;
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Sends until the duration or event count is reached, or {@link #stop()} is called; then deals
     * with waiting outcomes per the flush policy, flushes the sink and reports a last time.
     * A runner runs once.
     *
     * @throws RuntimeException whatever the sink throws, which ends the run
     */
    public RunSummary run(ProgressListener listener) {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("a TrafficRunner runs once; make a new one");
            }
            started = true;
        }
        runner = Thread.currentThread();
        try {
            t0 = clock.nanoTime();
            long interval = options.progressInterval().toNanos();
            nextReport = t0 + interval;
            lastReportNanos = t0;
            sendPredictions(listener, interval);
            long dropped = finishOutcomes(listener, interval);
            sink.flush();
            long end = clock.nanoTime();
            report(listener, end, true);
            RunSummary summary = new RunSummary(predictions, outcomes, dropped, outcomesEarly,
                Duration.ofNanos(end - t0), stopped);
            LOG.info("Traffic run ended: {}", summary);
            return summary;
        } finally {
            runner = null;
        }
    }

    private void sendPredictions(ProgressListener listener, long interval) {
        double rate = options.rate();
        RatePacer pacer = rate > 0
            ? new RatePacer(rate, options.burst() > 0 ? options.burst() : RatePacer.defaultBurst(rate), t0)
            : null;
        long minimumPark = pacer == null ? 0 : (long) Math.min(MIN_PARK_NANOS, pacer.nanosToFill());
        long durationNanos = options.duration() == null ? Long.MAX_VALUE : options.duration().toNanos();
        long maxEvents = options.maxEvents() > 0 ? options.maxEvents() : Long.MAX_VALUE;
        while (!stopped && predictions < maxEvents) {
            long now = clock.nanoTime();
            long elapsed = now - t0;
            if (elapsed >= durationNanos) {
                break;
            }
            long allowed = Math.min(pacer == null ? UNPACED_BATCH : pacer.available(now), maxEvents - predictions);
            for (long i = 0; i < allowed; i++) {
                GeneratedEvent event = generator.next(timeline.at(predictions, elapsed));
                sink.sendPrediction(event.prediction());
                if (event.shadow() != null) {
                    sink.sendPrediction(event.shadow());
                }
                predictions++;
                if (event.outcome() != null) {
                    hold(event.outcome());
                }
            }
            if (pacer != null) {
                pacer.take(allowed);
            }
            releaseDue(timeline.at(predictions, elapsed));
            now = clock.nanoTime();
            reportIfDue(listener, now, interval);
            if (allowed == 0) {
                // Wait for at least a millisecond's worth of tokens (or a full bucket, if that is
                // less), so high rates go out in batches rather than one wake-up per event.
                long wait = Math.max(pacer.nanosUntilNext(now), minimumPark);
                wait = Math.min(wait, nextReport - now);
                wait = Math.min(wait, durationNanos - (now - t0));
                wait = Math.min(wait, nanosUntilNextOutcome(now));
                if (wait > 0) {
                    clock.parkNanos(wait);
                }
            }
        }
    }

    private long finishOutcomes(ProgressListener listener, long interval) {
        RunOptions.OutcomeFlush policy = options.outcomeFlush();
        if (policy == RunOptions.OutcomeFlush.WAIT && !timeline.followsElapsedTime()) {
            policy = RunOptions.OutcomeFlush.SEND_NOW;
        }
        if (policy == RunOptions.OutcomeFlush.WAIT) {
            while (!stopped && !pending.isEmpty()) {
                long now = clock.nanoTime();
                releaseDue(timeline.at(predictions, now - t0));
                reportIfDue(listener, now, interval);
                long wait = Math.min(nanosUntilNextOutcome(now), nextReport - now);
                if (wait > 0) {
                    clock.parkNanos(wait);
                }
            }
        }
        if (policy == RunOptions.OutcomeFlush.SEND_NOW) {
            for (OutcomeEvent o : pending.drain()) {
                sink.sendOutcome(o);
                outcomes++;
            }
        }
        long dropped = pending.size();
        pending.drain();
        return dropped;
    }

    private void hold(OutcomeEvent outcome) {
        pending.offer(outcome);
        if (pending.size() > options.maxPendingOutcomes()) {
            OutcomeEvent earliest = pending.poll();
            if (outcomesEarly == 0) {
                LOG.warn("More than {} outcomes waiting for their due time; sending the earliest early from now on "
                    + "(raise maxPendingOutcomes, or lower the rate or label delay)", options.maxPendingOutcomes());
            }
            sink.sendOutcome(earliest);
            outcomes++;
            outcomesEarly++;
        }
    }

    private void releaseDue(Instant now) {
        if (!pending.isEmpty() && !pending.nextDue().isAfter(now)) {
            for (OutcomeEvent o : pending.pollDue(now)) {
                sink.sendOutcome(o);
                outcomes++;
            }
        }
    }

    private long nanosUntilNextOutcome(long now) {
        Instant due = pending.nextDue();
        return due == null ? Long.MAX_VALUE : Math.max(1, timeline.nanosUntil(due, predictions, now - t0));
    }

    private void reportIfDue(ProgressListener listener, long now, long interval) {
        if (now >= nextReport) {
            report(listener, now, false);
            // Stay on the grid of intervals; after a long stall skip the missed reports.
            nextReport += interval;
            if (nextReport <= now) {
                nextReport = now + interval;
            }
        }
    }

    private void report(ProgressListener listener, long now, boolean finished) {
        long elapsed = now - t0;
        double sinceLast = (now - lastReportNanos) / 1e9;
        double current = sinceLast > 0 ? (predictions - lastReportPredictions) / sinceLast : 0;
        double average = elapsed > 0 ? predictions / (elapsed / 1e9) : 0;
        lastReportNanos = now;
        lastReportPredictions = predictions;
        listener.onProgress(new Progress(predictions, outcomes, pending.size(), Duration.ofNanos(elapsed),
            current, average, finished));
    }
}
