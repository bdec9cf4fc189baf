package io.driftwatch.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * Which partitions have stopped at an open transaction. A {@code read_committed} consumer never reads past a
 * partition's last stable offset, so a task whose committed position sits at that offset, below the log end,
 * waits for the transaction open there; while producers commit, the offset moves on within a commit interval. A
 * position that stays there, unchanged, for the stall timeout is held. For an output topic, whose readers are not
 * Driftwatch's, the position is the last stable offset itself: held when it stays below the log end that long.
 *
 * @see HangingTransactionWatch
 */
final class StalledReads {

    private record Waiting(long position, long sinceMs) {}

    private final long stallMs;
    private final String reader;
    private final Predicate<String> ours;
    private final Map<TopicPartition, Waiting> waiting = new HashMap<>();

    /**
     * @param stallMs how long a position must stay at an open transaction to count as held
     * @param reader  who waits, as a log line names it before the partition ("the processing of")
     * @param ours    which topics only Driftwatch writes
     */
    StalledReads(long stallMs, String reader, Predicate<String> ours) {
        this.stallMs = stallMs;
        this.reader = reader;
        this.ours = ours;
    }

    /**
     * Takes a new look at the partitions; returns those held for the stall timeout or longer.
     *
     * @param committed the position on each partition: the group's committed one on an input partition of this
     *                  instance's tasks, the last stable offset on an output partition
     * @param stable    each partition's last stable offset
     * @param end       each partition's log end offset
     */
    List<HeldPartition> update(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> stable,
                               Map<TopicPartition, Long> end, long nowMs) {
        waiting.keySet().retainAll(committed.keySet());
        List<HeldPartition> held = new ArrayList<>();
        committed.forEach((tp, position) -> {
            Long lso = stable.get(tp);
            Long leo = end.get(tp);
            if (lso == null || leo == null || position.longValue() != lso || lso >= leo) {
                waiting.remove(tp);
                return;
            }
            Waiting w = waiting.merge(tp, new Waiting(position, nowMs),
                (was, now) -> was.position() == now.position() ? was : now);
            if (nowMs - w.sinceMs() >= stallMs) {
                held.add(new HeldPartition(tp, reader + " " + tp, w.sinceMs(), ours.test(tp.topic())));
            }
        });
        return held;
    }
}
