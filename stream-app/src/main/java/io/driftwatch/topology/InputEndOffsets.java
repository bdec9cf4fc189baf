package io.driftwatch.topology;

import java.util.List;
import java.util.Optional;

/**
 * What the broker last said about the end of each input partition. The first stage asks it before
 * it lets an idle partition's event time follow the wall clock: a partition is idle only when the
 * broker confirms there is nothing new for it, never merely because nothing arrived (the broker, or
 * the partition's leader, may be unreachable; then producers buffer events that must still count in
 * their windows when they arrive).
 */
public interface InputEndOffsets {

    /** The broker's view of one partition, or empty when its last query failed (or none has succeeded yet). */
    Optional<PartitionEnd> of(String topic, int partition);

    /**
     * How many partitions the broker last described {@code topic} with, 0 when it has not described it
     * (yet). It can grow while the application runs, when partitions are added to the topic.
     */
    default int partitions(String topic) {
        return 0;
    }

    /**
     * The broker's latest answer about one partition, in wall-clock milliseconds.
     *
     * @param reachableSince  since when every query about the partition has been answered
     * @param endOffset       the committed end offset (read_committed) in the latest answer
     * @param committedOffset the application's committed position on the partition in the latest
     *                        answer ({@code -1} when it has none)
     * @param outages         the latest outages of the broker for the partition while the application ran, oldest
     *                        first (at most {@link EndOffsetHistory#OUTAGES_KEPT}): producers may have buffered events
     *                        during each, and sent them after it
     */
    record PartitionEnd(long reachableSince, long endOffset, long committedOffset, List<Outage> outages) {

        /** A partition whose broker has answered throughout. */
        public PartitionEnd(long reachableSince, long endOffset, long committedOffset) {
            this(reachableSince, endOffset, committedOffset, List.of());
        }

        /**
         * Whether this task has read everything the partition held at the latest answer: its end
         * offset is behind the last record this task read, or behind the application's committed
         * position (which Kafka Streams moves past transaction markers once a partition is read to its
         * end, and which covers a task that has just restarted on a partition with no new records).
         * A partition that keeps receiving records this stage drops (dead letters) counts as caught up
         * while this task keeps reading them.
         */
        public boolean caughtUp(long lastOffsetRead) {
            return caughtUp(lastOffsetRead, endOffset);
        }

        /** The same for an end offset of an earlier answer. */
        public boolean caughtUp(long lastOffsetRead, long end) {
            return Math.max(lastOffsetRead + 1, committedOffset) >= end;
        }
    }

    /**
     * A time the broker did not answer about a partition, in wall-clock milliseconds.
     *
     * @param from       when it last answered before
     * @param until      when it answered again (the {@code reachableSince} that followed)
     * @param settledEnd the partition's end offset once the broker had answered for an idle timeout after it, when
     *                   producers have sent what they buffered: every buffered record is below it; {@code -1} until
     *                   then
     */
    record Outage(long from, long until, long settledEnd) {

        public boolean settled() {
            return settledEnd >= 0;
        }
    }

    /**
     * A broker that always answers and whose partitions are always consumed to the end: idleness
     * then depends on event arrival alone. For topology tests, and for clusters whose end offsets
     * cannot be read (authorization), where the start-up log says so.
     */
    static InputEndOffsets alwaysCaughtUp() {
        return (topic, partition) -> Optional.of(new PartitionEnd(Long.MIN_VALUE / 2, 0, 0));
    }
}
