package io.driftwatch.topology;

import java.util.ArrayList;
import java.util.List;
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
 * <p>After a broker outage, the partition holds what producers buffered in the order they flush it, not in
 * the order they stamped it: one producer's buffer, then another's, each from the outage's start; and a
 * producer whose clock is ahead by less than the outage sends records that are no longer ahead of the
 * clock when they arrive. Followed event by event, the first of them would carry the watermark through
 * the outage and close windows that the others' events belong to. So the watermark this partition reports
 * ({@link #value()}) is <em>frozen</em> at the value it had while the broker does not answer (and, for a
 * task, until the broker first answers for it, since it may start during an outage), and after each
 * outage it is <em>held</em> at the outage's start (when the broker last answered before it, or the value
 * then if later) until this task has read past the partition's end offset at the time the broker had
 * answered for an idle timeout after the outage: producers send what they buffered within the idle
 * timeout of the broker's return (docs/configuration.md), so every buffered record lies below that
 * offset. Offsets, not event times, because a producer ahead of the clock by more than the lead stamps
 * records that a task reading them later cannot tell from on-time ones. A hold also ends when the
 * partition is idle (above): the broker has then answered for an idle timeout and everything has been
 * read; and when its outage has not settled after the broker has answered for {@value #MAX_HOLD_IDLE_TIMEOUTS}
 * idle timeouts in all, so that a broker that never again answers for a whole idle timeout at a time does not
 * keep windows open for good. The outages come from {@link InputEndOffsets.PartitionEnd#outages}, which the application keeps
 * while it runs, so a task that starts after one (a stream thread replaced, a rebalance) holds too.
 * Meanwhile events still move the event time beneath, and idle advances follow it.
 *
 * <p>Not thread-safe: one per stream task.
 */
final class PartitionWatermark {

    private static final long NONE = Long.MIN_VALUE;

    private final long idleMs;
    private long watermark = Long.MIN_VALUE;
    private long lastEventWallClock;
    private long advancedUpTo;
    private long lastOffsetRead = -1;
    private boolean eventSinceStart;
    private boolean brokerAnswered;
    // Until the broker first answers for this task, and while it does not answer after that: the value then.
    private boolean frozen = true;
    private long frozenAt;
    // After each outage not yet read past: the value reported stays at most at its hold's value.
    private final List<Hold> holds = new ArrayList<>();
    // The start of the latest outage read past, so that none is held twice.
    private long outagesPassedFrom = NONE;

    // The wall clock of the last heartbeat that found the broker answering, NONE after one that did not.
    private long answeringSince = NONE;

    /** An outage's hold: the value reported stays at most at {@code at}; {@code answeredMs} counts toward the bound. */
    private static final class Hold {
        private final long outageFrom;
        private final long at;
        private long answeredMs;

        Hold(long outageFrom, long at) {
            this.outageFrom = outageFrom;
            this.at = at;
        }
    }

    /**
     * The longest a hold waits for its outage to settle, in idle timeouts of the broker answering (added up between
     * heartbeats that found it answering) since the hold began. A broker that answers for less than an idle timeout at
     * a time (or questions that keep timing out) never lets an outage settle; past this, its windows close as the
     * events come, and buffered events that a producer sends this late may be late. Time the broker does not answer
     * does not count (the watermark is frozen then anyway), and a settled outage's hold waits for the task to read
     * past it, however long that takes.
     */
    static final int MAX_HOLD_IDLE_TIMEOUTS = 10;

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
        this.frozenAt = restored;
    }

    /** The watermark windows close by and events are late by: the event time, unless frozen or held. */
    long value() {
        long value = frozen ? Math.min(watermark, frozenAt) : watermark;
        for (int i = 0; i < holds.size(); i++) {
            value = Math.min(value, holds.get(i).at);
        }
        return value;
    }

    /** An accepted event at {@code offset}; returns whether the watermark moved. */
    boolean onEvent(long eventTime, long offset, long now) {
        read(offset);
        eventSinceStart = true;
        lastEventWallClock = now;
        advancedUpTo = now;
        if (eventTime > watermark) {
            long before = value();
            watermark = eventTime;
            return value() != before;
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
        long before = value();
        follow(broker, now);
        if (isIdle(now, broker)) {
            // Reachable for an idle timeout and read to the end: what producers buffered has been sent, and read.
            for (InputEndOffsets.Outage outage : broker.get().outages()) {
                outagesPassedFrom = Math.max(outagesPassedFrom, outage.from());
            }
            holds.clear();
            if (!eventSinceStart) {
                watermark = Math.max(watermark, now);
            } else {
                watermark += Math.max(0, now - advancedUpTo);
            }
            advancedUpTo = now;
        }
        return value() != before;
    }

    /** Whether the broker has answered about the partition since this task started. */
    boolean brokerAnswered() {
        return brokerAnswered;
    }

    /**
     * Takes the broker's view of the partition: frozen while it does not answer, held after each outage it reports.
     * Called at each heartbeat, and before each event until the broker first answers, so that a task that starts
     * during an outage closes no window on what producers flush before its first heartbeat.
     */
    void follow(Optional<InputEndOffsets.PartitionEnd> broker, long now) {
        if (broker.isEmpty()) {
            if (!frozen) {
                frozenAt = value();
                frozen = true;
            }
            answeringSince = NONE;
            return;
        }
        brokerAnswered = true;
        if (answeringSince != NONE) {
            for (Hold h : holds) {
                h.answeredMs += Math.max(0, now - answeringSince);
            }
        }
        answeringSince = now;
        InputEndOffsets.PartitionEnd end = broker.get();
        for (InputEndOffsets.Outage outage : end.outages()) {
            if (outage.from() <= outagesPassedFrom) {
                continue;
            }
            Hold held = holds.stream().filter(h -> h.outageFrom == outage.from()).findFirst().orElse(null);
            boolean readPast = outage.settled() && end.caughtUp(lastOffsetRead, outage.settledEnd());
            boolean neverSettled = !outage.settled() && held != null && held.answeredMs >= MAX_HOLD_IDLE_TIMEOUTS * idleMs;
            if (readPast || neverSettled) {
                outagesPassedFrom = outage.from();
                holds.removeIf(h -> h.outageFrom <= outage.from());
            } else if (held == null) {
                holds.add(new Hold(outage.from(), Math.max(outage.from(), value())));
            }
        }
        frozen = false;
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
