package io.driftwatch.schemas.serde;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The maps a decoded event carries (features, segments, class probabilities): entries in the order
 * the record holds them, in two arrays, found through an open-addressing index of their positions.
 * Filling one costs an array store and an index probe per entry, and no node per entry; walking it
 * walks the arrays ({@link #keyAt}, {@link #valueAt}, {@link #forEach}). Building and iterating
 * {@code HashMap}s of features was a tenth of the stream threads' profile samples
 * (bench/RESULTS.md, issue #14).
 *
 * <p>A map like any other otherwise: a key put again keeps its position and takes the new value (as
 * a {@code HashMap} filled by Avro's reader keeps the last), {@code equals} and {@code hashCode} are
 * {@link AbstractMap}'s, null keys are refused and null values kept. Not thread-safe.
 */
public final class CompactMap<V> extends AbstractMap<String, V> {

    private String[] keys;
    private Object[] values;
    // position + 1 of the key hashed to each slot, 0 for an empty slot; at most half full
    private int[] index;
    private int size;
    private int modifications;

    /** A map with room for {@code expected} entries before it grows. */
    public CompactMap(int expected) {
        int capacity = Math.max(expected, 2);
        keys = new String[capacity];
        values = new Object[capacity];
        index = new int[tableSizeFor(capacity)];
    }

    public CompactMap() {
        this(8);
    }

    /** The key of the entry at {@code position} (0 ≤ position < {@link #size()}), in the order the entries were put. */
    public String keyAt(int position) {
        Objects.checkIndex(position, size);
        return keys[position];
    }

    /** The value of the entry at {@code position}. */
    @SuppressWarnings("unchecked")
    public V valueAt(int position) {
        Objects.checkIndex(position, size);
        return (V) values[position];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String k && positionOf(k) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (!(key instanceof String k)) {
            return null;
        }
        int position = positionOf(k);
        return position < 0 ? null : (V) values[position];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(String key, V value) {
        Objects.requireNonNull(key, "a CompactMap has no null keys");
        int slot = slotOf(key);
        int position = index[slot] - 1;
        if (position >= 0) {
            V previous = (V) values[position];
            values[position] = value;
            return previous;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
            if (index.length < tableSizeFor(keys.length)) {
                reindex(tableSizeFor(keys.length));
                slot = slotOf(key);
            }
        }
        keys[size] = key;
        values[size] = value;
        index[slot] = ++size;
        modifications++;
        return null;
    }

    @Override
    public V remove(Object key) {
        if (!(key instanceof String k)) {
            return null;
        }
        int position = positionOf(k);
        if (position < 0) {
            return null;
        }
        V previous = valueAt(position);
        removeAt(position);
        return previous;
    }

    @Override
    public void clear() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        Arrays.fill(index, 0);
        size = 0;
        modifications++;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super String, ? super V> action) {
        int expected = modifications;
        for (int i = 0; i < size; i++) {
            action.accept(keys[i], (V) values[i]);
            if (modifications != expected) {
                throw new ConcurrentModificationException();
            }
        }
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private int last = -1;
                    private int expected = modifications;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Map.Entry<String, V> next() {
                        if (modifications != expected) {
                            throw new ConcurrentModificationException();
                        }
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        last = next++;
                        return new Entry(last);
                    }

                    @Override
                    public void remove() {
                        if (last < 0) {
                            throw new IllegalStateException("next() first");
                        }
                        if (modifications != expected) {
                            throw new ConcurrentModificationException();
                        }
                        removeAt(last);
                        next = last;
                        last = -1;
                        expected = modifications;
                    }
                };
            }
        };
    }

    /** An entry that reads and writes through to its position, as HashMap's entries write through. */
    private final class Entry implements Map.Entry<String, V> {
        private final int position;
        private final String key;

        Entry(int position) {
            this.position = position;
            this.key = keys[position];
        }

        @Override
        public String getKey() {
            return key;
        }

        @Override
        @SuppressWarnings("unchecked")
        public V getValue() {
            return (V) values[position];
        }

        @Override
        @SuppressWarnings("unchecked")
        public V setValue(V value) {
            V previous = (V) values[position];
            values[position] = value;
            return previous;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && key.equals(e.getKey()) && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return key + "=" + getValue();
        }
    }

    private void removeAt(int position) {
        System.arraycopy(keys, position + 1, keys, position, size - position - 1);
        System.arraycopy(values, position + 1, values, position, size - position - 1);
        size--;
        keys[size] = null;
        values[size] = null;
        reindex(index.length);
        modifications++;
    }

    private int positionOf(String key) {
        return index[slotOf(key)] - 1;
    }

    /** The slot that holds {@code key}'s position, or the empty slot where it would go. */
    private int slotOf(String key) {
        int mask = index.length - 1;
        int h = key.hashCode();
        int slot = (h ^ (h >>> 16)) & mask;
        while (index[slot] != 0) {
            String k = keys[index[slot] - 1];
            if (k == key || k.equals(key)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void reindex(int tableSize) {
        index = new int[tableSize];
        for (int i = 0; i < size; i++) {
            index[slotOf(keys[i])] = i + 1;
        }
    }

    private static int tableSizeFor(int entries) {
        return Integer.highestOneBit(Math.max(entries, 2) * 2 - 1) << 1;
    }
}
