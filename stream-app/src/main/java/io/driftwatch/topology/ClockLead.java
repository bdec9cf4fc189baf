package io.driftwatch.topology;

import java.time.Clock;

/**
 * How far past this instance's clock an event may be stamped and still count as evidence of how far event time
 * has come ({@code window.max.lead}). An event stamped further ahead comes from a producer whose clock is wrong
 * (ingest accepts up to a day ahead): it still counts in its own window, but moves no watermark and no stream
 * time, or one such record would make every on-time event after it late, out of the label join's reach, or
 * expire every pending shadow pair.
 *
 * @param clock     the clock ingest judges event times by
 * @param maxLeadMs the lead allowed, in milliseconds
 */
public record ClockLead(Clock clock, long maxLeadMs) {

    /**
     * Whether {@code eventTime} is more than the lead past the clock. {@code now} is the stream thread's wall clock,
     * read for each record already and never ahead of the clock, so it settles nearly every event; only one stamped
     * past it asks the clock.
     */
    public boolean isAhead(long eventTime, long now) {
        return eventTime > now + maxLeadMs && eventTime > latest();
    }

    /** {@code eventTime}, or when it is ahead, the clock plus the lead: a time that may move a task's time. */
    public long bounded(long eventTime, long now) {
        return isAhead(eventTime, now) ? latest() : eventTime;
    }

    /**
     * {@code time} as the timestamp of a record written to a topic: never past the clock, whatever the lead. A broker
     * refuses a record stamped more than {@code log.message.timestamp.after.max.ms} (an hour by default) ahead of its
     * own clock, and one refused write fails the task, which reads the same records again when it is replaced: one
     * event stamped hours ahead would stop the stream.
     */
    public long recordTimestamp(long time) {
        return Math.min(time, clock.millis());
    }

    /** The latest event time that is not ahead: the clock plus the lead. */
    public long latest() {
        return clock.millis() + maxLeadMs;
    }
}
