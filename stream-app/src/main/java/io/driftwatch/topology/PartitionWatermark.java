package io.driftwatch.topology;

import java.util.Optional;

/**
 * Event-time progress of one input partition in the first stage: the largest event time seen, moved
 * on by the wall clock while the partition is idle.
 *
 * <p>Idle means three things at once, each for at least the idle timeout: no accepted event has
 * arrived (a late one, for a window already closed, does not count: {@link #onRecordSkipped}), the
 * broker has answered every question about the partition, and it confirms that this task has read
 * everything the partition holds ({@link InputEndOffsets.PartitionEnd#caughtUp}). A
 * broker outage therefore freezes the watermark: producers buffer events meanwhile and send them
 * when the broker is back, and those events must still count in their windows. After an outage the
 * partition is idle again only once the broker has been reachable for a whole idle timeout, which
 * leaves producers time to flush.
 *
 * <p>While idle, the watermark advances by exactly the wall-clock time that has passed since the
 * last event (or since the last advance). When event times are at or before their arrival, as with
 * producers whose clocks agree with this one, the watermark therefore never passes the wall clock,
 * and an idle advance can never make an event late that arrives before its window's end plus grace.
 * (A partition that has seen no event since its task started takes the wall clock itself, or what it
 * had passed before the task started if that is later.) An event stamped further ahead of the clock
 * than {@code window.max.lead} is not fed here as an event ({@link PartialProfileProcessor}): it would
 * carry the watermark hours ahead and make every on-time event of the partition late.
 *
 * <p>Not thread-safe: one per stream task.
 */
final class PartitionWatermark {

    private final long idleMs;
    private long watermark = Long.MIN_VALUE;
    private long lastEventWallClock;
    private long advancedUpTo;
    private long lastOffsetRead = -1;
    private boolean eventSinceStart;

    /** A partition of which nothing is known from before its task started. */
    PartitionWatermark(long idleMs, long startedAt) {
        this(idleMs, startedAt, Long.MIN_VALUE);
    }

    /**
     * @param idleMs     the idle timeout
     * @param startedAt  wall clock when the task started (counts as the last event for idleness)
     * @param restored   event time the partition had passed before the task started (the close time of the
     *                   last window it sent), {@link Long#MIN_VALUE} when unknown
     */
    PartitionWatermark(long idleMs, long startedAt, long restored) {
        this.idleMs = idleMs;
        this.lastEventWallClock = startedAt;
        this.advancedUpTo = startedAt;
        this.watermark = restored;
    }

    long value() {
        return watermark;
    }

    /** An accepted event at {@code offset}; returns whether the watermark moved. */
    boolean onEvent(long eventTime, long offset, long now) {
        read(offset);
        eventSinceStart = true;
        lastEventWallClock = now;
        advancedUpTo = now;
        if (eventTime > watermark) {
            watermark = eventTime;
            return true;
        }
        return false;
    }

    /**
     * A record that is no evidence of event time nor of activity (a dead letter, a late event, or one stamped
     * ahead of the clock): read. Were a late event or one from ahead activity, a producer whose clock is wrong
     * either way would keep the partition from ever being idle. Idle advances stay measured from the last event
     * fed to {@link #onEvent}, so they never pass the wall clock.
     */
    void onRecordSkipped(long offset) {
        read(offset);
    }

    /**
     * A heartbeat at wall clock {@code now}; advances the watermark if the partition is idle.
     *
     * @param broker the broker's view of the partition, empty when it did not answer lately
     * @return whether the watermark moved
     */
    boolean onHeartbeat(long now, Optional<InputEndOffsets.PartitionEnd> broker) {
        if (!isIdle(now, broker)) {
            return false;
        }
        long before = watermark;
        if (!eventSinceStart) {
            watermark = Math.max(watermark, now);
        } else {
            watermark += Math.max(0, now - advancedUpTo);
        }
        advancedUpTo = now;
        return watermark != before;
    }

    boolean isIdle(long now, Optional<InputEndOffsets.PartitionEnd> broker) {
        if (broker.isEmpty()) {
            return false;
        }
        InputEndOffsets.PartitionEnd end = broker.get();
        long quietSince = Math.max(lastEventWallClock, end.reachableSince());
        return now - quietSince >= idleMs && end.caughtUp(lastOffsetRead);
    }

    private void read(long offset) {
        if (offset > lastOffsetRead) {
            lastOffsetRead = offset;
        }
    }
}
