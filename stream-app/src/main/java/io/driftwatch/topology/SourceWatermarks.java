package io.driftwatch.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The merge stage's view of how far every input partition has progressed: the last watermark each
 * first-stage task sent (in a store, so it survives restarts) and when it was last heard from.
 *
 * <p>A window closes when every live partition's watermark has passed its end plus grace. A
 * partition counts as stalled (its task is dead or moving to another instance) only after a long
 * silence while the others keep talking. When nobody has been heard for a while, the silence was
 * an outage (the broker, or this instance) and says nothing about any one partition: every
 * partition then gets a fresh stall period from the first message after it, as after a restart.
 * Otherwise the first partition to speak after an outage would close windows alone, before the
 * others' partial windows arrive.
 *
 * <p>When the predictions topic's partitions are known, a source outside them holds windows open only
 * once it reports progress. A first-stage task without a predictions partition (with labels on, Kafka
 * Streams runs one for each partition of outcomes beyond the predictions'; earlier versions let it send)
 * never does, and it would otherwise hold every window forever; a partition added to the topic since
 * the start reports progress with its first event or confirmed idleness, and counts from then on.
 */
final class SourceWatermarks {

    private final KeyValueStore<String, Long> store;
    private final long stallMs;
    private final long outageMs;
    private final Set<String> expected;
    private final Map<String, Long> lastHeard = new HashMap<>();
    private long lastAnyHeard;

    /**
     * @param store    watermark per source, kept across restarts
     * @param stallMs  silence after which one partition stops holding windows open
     * @param outageMs silence of every partition after which the silence counts as an outage
     * @param expected sources to wait for from the start (every input partition), empty when unknown
     * @param now      wall clock at start
     */
    SourceWatermarks(KeyValueStore<String, Long> store, long stallMs, long outageMs, Collection<String> expected, long now) {
        this.store = store;
        this.stallMs = stallMs;
        this.outageMs = outageMs;
        this.expected = Set.copyOf(expected);
        this.lastAnyHeard = now;
        List<String> withoutProgress = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            // After a restart, give every known partition a fresh chance to report before it counts as stalled.
            it.forEachRemaining(kv -> {
                if (holdsWindows(kv.key, kv.value)) {
                    lastHeard.put(kv.key, now);
                } else {
                    withoutProgress.add(kv.key);
                }
            });
        }
        // Recorded by an earlier version from a task without a predictions partition.
        withoutProgress.forEach(store::delete);
        for (String source : expected) {
            lastHeard.putIfAbsent(source, now);
            if (store.get(source) == null) {
                store.put(source, Long.MIN_VALUE);
            }
        }
    }

    /** A watermark message from {@code source}; watermarks only move forward. */
    void heard(String source, long watermark, long now) {
        Long previous = store.get(source);
        if (previous == null && !holdsWindows(source, watermark)) {
            return;
        }
        if (now - lastAnyHeard > outageMs) {
            lastHeard.replaceAll((s, t) -> now);
        }
        lastAnyHeard = Math.max(lastAnyHeard, now);
        if (previous == null || watermark > previous) {
            store.put(source, watermark);
        }
        lastHeard.put(source, now);
    }

    /**
     * Event time up to which every live input partition has sent its partial windows, or
     * {@link Long#MIN_VALUE} when some live partition has no data yet (or none is live).
     */
    long global(long now) {
        long min = Long.MAX_VALUE;
        boolean any = false;
        // During an outage nobody is heard; nobody counts as stalled then either.
        boolean outage = now - lastAnyHeard > outageMs;
        try (KeyValueIterator<String, Long> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                Long heard = lastHeard.get(kv.key);
                if (!outage && heard != null && now - heard > stallMs) {
                    continue;
                }
                any = true;
                min = Math.min(min, kv.value);
            }
        }
        return any ? min : Long.MIN_VALUE;
    }

    /** Whether a source with this watermark holds windows open: see the class comment. */
    private boolean holdsWindows(String source, long watermark) {
        return expected.isEmpty() || expected.contains(source) || watermark != Long.MIN_VALUE;
    }

    /** Every source's watermark, for logs. */
    Map<String, Long> snapshot() {
        Map<String, Long> all = new TreeMap<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }
}
