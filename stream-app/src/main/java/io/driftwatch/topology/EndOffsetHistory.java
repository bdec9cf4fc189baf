package io.driftwatch.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The broker's answers about one input partition, turned into the view
 * {@link InputEndOffsets.PartitionEnd}: since when it has answered, its end offset, the
 * application's committed position, and its latest outages. A failed question resets it:
 * after an outage the partition must be confirmed quiet for a whole idle timeout again. An outage
 * is remembered once it is over, for as long as the application runs: a task that starts here after
 * it (a stream thread replaced, a rebalance) may read what producers buffered during it.
 *
 * <p>Thread-safe: written by the thread that asks, read by stream threads.
 */
public final class EndOffsetHistory {

    /**
     * Outages remembered per partition: a task that starts after more outages than this, with a backlog that holds the
     * buffers of the older ones too, may count some of their events late.
     */
    public static final int OUTAGES_KEPT = 8;

    private final long idleMs;
    private long reachableSince = Long.MIN_VALUE;
    private long endOffset = -1;
    private long committedOffset = -1;
    private long lastAnswered = Long.MIN_VALUE;
    // When it last answered before the failures now going on, or MIN_VALUE.
    private long outageFrom = Long.MIN_VALUE;
    private List<InputEndOffsets.Outage> outages = List.of();

    /**
     * @param idleMs the idle timeout: producers send what they buffered during an outage within it of the broker's
     *               return, so the end offset after it has been reachable that long is past all of it
     */
    public EndOffsetHistory(long idleMs) {
        this.idleMs = idleMs;
    }

    /** An answer: the partition's end offset, and the application's committed position ({@code -1}: none). */
    public synchronized void answered(long now, long offset, long committed) {
        if (reachableSince == Long.MIN_VALUE) {
            reachableSince = now;
            if (outageFrom != Long.MIN_VALUE) {
                List<InputEndOffsets.Outage> kept = new ArrayList<>(outages);
                kept.add(new InputEndOffsets.Outage(outageFrom, now, -1));
                outages = List.copyOf(kept.subList(Math.max(0, kept.size() - OUTAGES_KEPT), kept.size()));
                outageFrom = Long.MIN_VALUE;
            }
        } else if (!outages.isEmpty()) {
            InputEndOffsets.Outage last = outages.get(outages.size() - 1);
            if (!last.settled() && now - last.until() >= idleMs) {
                List<InputEndOffsets.Outage> settled = new ArrayList<>(outages);
                settled.set(settled.size() - 1, new InputEndOffsets.Outage(last.from(), last.until(), offset));
                outages = List.copyOf(settled);
            }
        }
        lastAnswered = now;
        endOffset = offset;
        committedOffset = committed;
    }

    /** A question that went unanswered (broker or leader unreachable, timeout). */
    public synchronized void failed() {
        if (reachableSince != Long.MIN_VALUE) {
            InputEndOffsets.Outage last = outages.isEmpty() ? null : outages.get(outages.size() - 1);
            if (last != null && !last.settled()) {
                // Down again before producers were sure to have flushed the last outage: one outage, from its start.
                outageFrom = last.from();
                outages = List.copyOf(outages.subList(0, outages.size() - 1));
            } else {
                outageFrom = lastAnswered; // the outage began after the last answer
            }
        }
        reachableSince = Long.MIN_VALUE;
        endOffset = -1;
        committedOffset = -1;
    }

    /** The latest answer, or empty when the latest question failed or none was answered yet. */
    public synchronized Optional<InputEndOffsets.PartitionEnd> view() {
        if (reachableSince == Long.MIN_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new InputEndOffsets.PartitionEnd(reachableSince, endOffset, committedOffset, outages));
    }
}
