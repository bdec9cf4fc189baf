package io.driftwatch.topology;

import java.util.Optional;

/**
 * The broker's answers about one input partition, turned into the view
 * {@link InputEndOffsets.PartitionEnd}: since when it has answered, its end offset and the
 * application's committed position. A failed question resets it: after an outage the partition
 * must be confirmed quiet for a whole idle timeout again.
 *
 * <p>Thread-safe: written by the thread that asks, read by stream threads.
 */
public final class EndOffsetHistory {

    private long reachableSince = Long.MIN_VALUE;
    private long endOffset = -1;
    private long committedOffset = -1;

    /** An answer: the partition's end offset, and the application's committed position ({@code -1}: none). */
    public synchronized void answered(long now, long offset, long committed) {
        if (reachableSince == Long.MIN_VALUE) {
            reachableSince = now;
        }
        endOffset = offset;
        committedOffset = committed;
    }

    /** A question that went unanswered (broker or leader unreachable, timeout). */
    public synchronized void failed() {
        reachableSince = Long.MIN_VALUE;
        endOffset = -1;
        committedOffset = -1;
    }

    /** The latest answer, or empty when the latest question failed or none was answered yet. */
    public synchronized Optional<InputEndOffsets.PartitionEnd> view() {
        if (reachableSince == Long.MIN_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new InputEndOffsets.PartitionEnd(reachableSince, endOffset, committedOffset));
    }
}
