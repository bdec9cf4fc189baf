package io.driftwatch.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * State store that keeps its values as live, mutable objects and writes them to a persistent,
 * changelogged key-value store only when Kafka Streams flushes before a commit.
 *
 * <p>Why not a plain key-value store: a window profile holds dozens of sketches, and serializing it
 * on every event (which is what {@code put} on any built-in store does, cached or not) would cost far
 * more than updating the sketches. Updating live objects and serializing each changed one once per
 * commit keeps the per-event cost at the sketch updates.
 *
 * <p>Why this is exactly-once safe: Kafka Streams flushes stores that implement
 * {@link CachedStateStore} before it flushes the task's producer and commits the transaction
 * ({@code StreamTask#prepareCommit}), the same hook its own record caches use. So the changelog
 * records of every profile change are in the same transaction as the input offsets that caused
 * it. After a crash the live objects are gone, and the profiles are read back from the restored
 * store. {@code CachedStateStore} lives in an internal package; the contract used here (flush
 * before commit) is the one the built-in caching stores rely on.
 *
 * <p>Decoded objects are kept within a {@link LiveObjectBudget}: after each flush, while the budget is exceeded, the
 * objects neither changed nor read since the flush before are dropped from memory, least recently used first. They
 * are in the store beneath (the flush has just written every changed one), and the next {@code get} reads them back.
 * Objects in use are never dropped, so a caller may keep using what it got until its record is processed, and a
 * window filled by every event costs no decoding.
 */
public final class LiveObjectStore<V> implements StateStore, CachedStateStore<String, byte[]> {

    private final KeyValueStore<String, byte[]> inner;
    private final ObjectCodec<V> codec;
    private final LiveObjectBudget budget;
    // In access order, so that the objects unused longest come first when the budget is exceeded.
    private final LinkedHashMap<String, Slot<V>> live = new LinkedHashMap<>(16, 0.75f, true);
    // Slots changed since the last flush; a slot deleted meanwhile is no longer dirty and is skipped.
    private final List<Slot<V>> dirty = new ArrayList<>();

    /** Serialized bytes of the objects in {@link #live}, this store's share of the budget. */
    private long liveBytes;
    /** Flushes so far: an object last used in an earlier interval than the one a flush ends is not in use. */
    private long interval;
    /**
     * Whether any object was asked for since the last flush. Kafka Streams flushes a store twice per commit (its
     * cache, then the store), and an interval with nothing in it must not make every object look unused.
     */
    private boolean askedSinceFlush;

    /** A live object and whether it changed since the last flush: one map lookup per update, not three. */
    private static final class Slot<V> {
        final String key;
        final V value;
        boolean dirty;
        /** Its size when last written or read, serialized. */
        int bytes;
        /** The flush interval in which it was last read or changed. */
        long usedIn;

        Slot(String key, V value) {
            this.key = key;
            this.value = value;
        }
    }

    /** A store that keeps every object decoded until it is deleted. */
    public LiveObjectStore(KeyValueStore<String, byte[]> inner, ObjectCodec<V> codec) {
        this(inner, codec, LiveObjectBudget.UNBOUNDED);
    }

    public LiveObjectStore(KeyValueStore<String, byte[]> inner, ObjectCodec<V> codec, LiveObjectBudget budget) {
        this.inner = inner;
        this.codec = codec;
        this.budget = budget;
    }

    /** The value of {@code key}, or null if none is stored. Changes to it must be announced with {@link #getForUpdate}. */
    public V get(String key) {
        Slot<V> slot = slot(key);
        return slot == null ? null : slot.value;
    }

    /** The value of {@code key}, created by {@code create} if absent, and marked as changed. */
    public V getForUpdate(String key, Supplier<V> create) {
        Slot<V> slot = slot(key);
        if (slot == null) {
            slot = new Slot<>(key, create.get());
            slot.usedIn = interval;
            live.put(key, slot);
        }
        if (!slot.dirty) {
            slot.dirty = true;
            dirty.add(slot);
        }
        return slot.value;
    }

    private Slot<V> slot(String key) {
        askedSinceFlush = true;
        Slot<V> slot = live.get(key);
        if (slot == null) {
            byte[] bytes = inner.get(key);
            if (bytes != null) {
                slot = new Slot<>(key, codec.decode(bytes));
                live.put(key, slot);
                resize(slot, bytes.length);
                budget.readBack();
            }
        }
        if (slot != null) {
            slot.usedIn = interval;
        }
        return slot;
    }

    public void delete(String key) {
        Slot<V> slot = live.remove(key);
        if (slot != null) {
            slot.dirty = false;
            resize(slot, 0);
        }
        inner.delete(key);
    }

    /** Every stored key, including ones not yet flushed. */
    public Set<String> keys() {
        Set<String> keys = new HashSet<>(live.keySet());
        try (KeyValueIterator<String, byte[]> it = inner.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                keys.add(kv.key);
            }
        }
        return keys;
    }

    @Override
    public void flushCache() {
        for (Slot<V> slot : dirty) {
            if (slot.dirty) {
                byte[] bytes = codec.encode(slot.value);
                inner.put(slot.key, bytes);
                slot.dirty = false;
                resize(slot, bytes.length);
            }
        }
        dirty.clear();
        if (!askedSinceFlush) {
            return;
        }
        askedSinceFlush = false;
        long ended = interval++;
        if (budget.exceeded()) {
            dropUnused(ended);
        }
    }

    /** Drops, least recently used first, objects not used in the interval that just ended, until within the budget. */
    private void dropUnused(long ended) {
        for (Iterator<Slot<V>> it = live.values().iterator(); it.hasNext() && budget.exceeded(); ) {
            Slot<V> slot = it.next();
            if (slot.usedIn >= ended) {
                return; // access order: every later one was used as recently
            }
            if (!slot.dirty) {
                it.remove();
                resize(slot, 0);
            }
        }
    }

    /** Objects in memory, for tests and diagnostics. */
    int liveCount() {
        return live.size();
    }

    private void resize(Slot<V> slot, int bytes) {
        long change = (long) bytes - slot.bytes;
        slot.bytes = bytes;
        liveBytes += change;
        budget.add(change);
    }

    @Override
    public void clearCache() {
        budget.add(-liveBytes);
        liveBytes = 0;
        live.clear();
        dirty.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clearCache();
        inner.init(context, root);
    }

    @Override
    public void flush() {
        flushCache();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        flushCache();
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public void close() {
        clearCache();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public org.apache.kafka.streams.query.Position getPosition() {
        return inner.getPosition();
    }
}
