package io.driftwatch.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the restoring of state from the changelogs has come, after a restart (an unclean stop under
 * exactly-once rebuilds every store) or a rebalance: {@code driftwatch_state_restore_remaining_records}
 * (records left, over every store being restored by this instance), and a log line when a store starts, at
 * most every {@value #LOG_EVERY_MS} ms while it goes on, and when it ends. Kafka Streams' own
 * {@code restore-remaining-records-total} is a cumulative sum that falls as records are restored, which
 * Micrometer exports as a counter: Prometheus reads every fall as a counter reset.
 *
 * <p>It also keeps when each store partition last advanced, for {@link HangingTransactionWatch}: a restore that
 * reads with {@code read_committed} up to the log end cannot pass a transaction that never ends.
 *
 * <p>Kafka Streams calls a restore listener from its stream threads (and the global thread), each for its own
 * partitions: hence the concurrent map.
 */
final class StateRestoreProgress implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(StateRestoreProgress.class);
    static final long LOG_EVERY_MS = 10_000;

    /** A store's partition: the key of {@link #restoring}. */
    private record StorePartition(TopicPartition partition, String store) {}

    private record Restoring(long total, long remaining, long startedMs, long loggedMs, long advancedMs) {}

    private final Clock clock;
    private final Map<StorePartition, Restoring> restoring = new ConcurrentHashMap<>();

    StateRestoreProgress(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        Gauge.builder("driftwatch_state_restore_remaining_records", this, StateRestoreProgress::remaining)
            .description("Changelog records left to restore into this instance's state stores")
            .register(registry);
    }

    /** Records left to restore, over every store partition being restored now. */
    long remaining() {
        return restoring.values().stream().mapToLong(Restoring::remaining).sum();
    }

    /** Store partitions being restored that have not advanced for {@code quiet} or longer. */
    java.util.List<HeldPartition> stalledFor(java.time.Duration quiet) {
        long now = clock.millis();
        return restoring.entrySet().stream()
            .filter(e -> now - e.getValue().advancedMs() >= quiet.toMillis())
            .map(e -> new HeldPartition(e.getKey().partition(), "the restore of store " + e.getKey().store() + " from "
                + e.getKey().partition(), e.getValue().advancedMs(), true))
            .toList();
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        long total = Math.max(0, endingOffset - startingOffset);
        long now = clock.millis();
        restoring.put(new StorePartition(partition, store), new Restoring(total, total, now, now, now));
        if (total > 0) {
            LOG.info("Restoring store {} from {}: {} records", store, partition, total);
        }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        long now = clock.millis();
        Restoring r = restoring.computeIfPresent(new StorePartition(partition, store), (k, was) ->
            new Restoring(was.total(), Math.max(0, was.remaining() - numRestored), was.startedMs(), was.loggedMs(), now));
        if (r != null && now - r.loggedMs() >= LOG_EVERY_MS) {
            restoring.computeIfPresent(new StorePartition(partition, store), (k, was) ->
                new Restoring(was.total(), was.remaining(), was.startedMs(), now, was.advancedMs()));
            LOG.info("Restoring store {} from {}: {} of {} records left", store, partition, r.remaining(), r.total());
        }
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        Restoring r = restoring.remove(new StorePartition(partition, store));
        if (r != null && r.total() > 0) {
            LOG.info("Restored store {} from {}: {} records in {} ms", store, partition, totalRestored,
                clock.millis() - r.startedMs());
        }
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        // The task moved to another instance mid-restore: what is left is no longer this instance's to do.
        restoring.remove(new StorePartition(partition, store));
    }
}
