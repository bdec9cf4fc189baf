package io.driftwatch.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Which input partitions of this instance's tasks have stopped at an open transaction. A {@code read_committed}
 * consumer never reads past a partition's last stable offset, so a task whose committed position sits at that
 * offset, below the log end, waits for the transaction open there; while producers commit, the offset moves on
 * within a commit interval. A position that stays there, unchanged, for the stall timeout is held.
 *
 * @see HangingTransactionWatch
 */
final class StalledReads {

    private record Waiting(long position, long sinceMs) {}

    private final long stallMs;
    private final String internalTopicPrefix;
    private final Map<TopicPartition, Waiting> waiting = new HashMap<>();

    /**
     * @param stallMs             how long a position must stay at an open transaction to count as held
     * @param internalTopicPrefix the prefix of the topics only Driftwatch writes ({@code application.id-})
     */
    StalledReads(long stallMs, String internalTopicPrefix) {
        this.stallMs = stallMs;
        this.internalTopicPrefix = internalTopicPrefix;
    }

    /**
     * Takes a new look at the partitions; returns those held for the stall timeout or longer.
     *
     * @param committed the group's committed position on each input partition of this instance's tasks
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
                held.add(new HeldPartition(tp, "the processing of " + tp, w.sinceMs(),
                    tp.topic().startsWith(internalTopicPrefix)));
            }
        });
        return held;
    }
}
