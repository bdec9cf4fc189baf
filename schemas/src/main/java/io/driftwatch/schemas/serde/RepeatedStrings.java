package io.driftwatch.schemas.serde;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings a stream of events repeats (feature names, categorical values, model ids, segment
 * keys), each decoded from its UTF-8 bytes once and then handed out again: no new {@code String}
 * per occurrence, and its hash computed once, which is what the maps keyed by these names spend
 * their time on.
 *
 * <p>An open-addressing table of at most {@code capacity} strings of at most {@value #MAX_BYTES}
 * bytes. Once full it keeps what it has and decodes everything else afresh, so a high-cardinality
 * value (an id sent as a categorical feature) costs what it did before and no more memory. The
 * strings seen first stay: in a stream of events those are the names every event carries. Not
 * thread-safe: one per reading thread.
 *
 * <p>Events of a model carry their names in the same order, so a caller may say at which position
 * of its record a string is read: the string kept for that position last time is compared first,
 * and only when it differs is the table searched (hashing every byte, then comparing them again).
 * The positions belong to a context: after {@link #useContextOfLast()} (the reader calls it after a
 * record's model id) they are that model's own, so that the events of models with different feature
 * names, interleaved in one partition, do not overwrite each other's hints. (Remembering the last
 * few strings per position instead of one was measured too, and cost more than it saved.)
 *
 * <p>The table starts small and doubles while it is more than half full, up to what {@code capacity}
 * needs: a search that misses its hint (a categorical value, a segment, a label: five an event in the
 * bench's traffic) then probes arrays of a few kilobytes, not three of {@code 2 × capacity} entries
 * sized for a few hundred models, whose lines a stream thread busy with sketches no longer has in its
 * caches. Growing starts every hint over.
 */
final class RepeatedStrings {

    /** Longer strings are rarely names; they are decoded each time. */
    static final int MAX_BYTES = 64;
    private static final int INITIAL_SLOTS = 64;

    private final int capacity;
    private final int maxSlots;
    private byte[][] keys;
    private int[] hashes;
    private String[] values;
    // The order in which each slot's string was kept (0, 1, 2, ...): unlike its slot, it stays when the table grows.
    private int[] ids;
    private int mask;
    // 32 - log2(slots): home() takes the top bits of the spread hash.
    private int shift;
    private int size;
    // Hints of the context in use: position -> the slot of the string read there last time, or -1. Without a
    // context (or with one whose string is not kept) the shared hints; else those of the context's slot.
    private int[] hints = new int[0];
    private int[] sharedHints = hints;
    private int[][] hintsOfContext;
    private int context = -1;
    // The slot of the string of() returned last, or -1 when it is not kept.
    private int lastSlot = -1;
    private long searches;

    RepeatedStrings(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        // At most half full, so that a probe ends soon at an empty slot.
        this.maxSlots = Integer.highestOneBit(capacity * 2 - 1) << 1;
        allocate(Math.min(INITIAL_SLOTS, maxSlots));
    }

    private void allocate(int slots) {
        keys = new byte[slots][];
        hashes = new int[slots];
        values = new String[slots];
        ids = new int[slots];
        mask = slots - 1;
        shift = Integer.numberOfLeadingZeros(slots) + 1;
        hintsOfContext = new int[slots][];
    }

    /** Positions from here on are shared by every record (the start of a record, before its context is known). */
    void useSharedContext() {
        saveHints();
        context = -1;
        hints = sharedHints;
    }

    /** Positions from here on are those of the string {@link #of} returned last (shared if it is not kept). */
    void useContextOfLast() {
        saveHints();
        context = lastSlot;
        if (context < 0) {
            hints = sharedHints;
        } else {
            int[] own = hintsOfContext[context];
            hints = own == null ? new int[0] : own;
        }
    }

    private void saveHints() {
        if (context < 0) {
            sharedHints = hints;
        } else {
            hintsOfContext[context] = hints;
        }
    }

    /**
     * The string whose UTF-8 encoding is {@code bytes[offset, offset + length)}, the same instance each time while it
     * is kept; the string read at {@code position} last time is tried first.
     *
     * @param position where in its record the string is read (0, 1, 2, ...)
     */
    String of(byte[] bytes, int offset, int length, int position) {
        if (position < hints.length) {
            int slot = hints[position];
            if (slot >= 0 && same(keys[slot], bytes, offset, length)) {
                lastSlot = slot;
                return values[slot];
            }
        }
        searches++;
        int found = slotOf(bytes, offset, length); // may grow the table, which starts the hints over
        if (position >= hints.length) {
            int from = hints.length;
            hints = Arrays.copyOf(hints, Math.max(position + 1, from * 2));
            Arrays.fill(hints, from, hints.length, -1);
        }
        hints[position] = found;
        lastSlot = found;
        return found >= 0 ? values[found] : new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    /** The slot that holds the string, adding it if there is room; -1 when it is not kept. */
    private int slotOf(byte[] bytes, int offset, int length) {
        if (length > MAX_BYTES) {
            return -1;
        }
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        int slot = home(hash);
        while (keys[slot] != null) {
            if (hashes[slot] == hash && same(keys[slot], bytes, offset, length)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        if (size == capacity) {
            return -1;
        }
        String value = new String(bytes, offset, length, StandardCharsets.UTF_8);
        byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
        if (!Arrays.equals(encoded, 0, encoded.length, bytes, offset, offset + length)) {
            // Not valid UTF-8: other bytes decode to the same string (each bad byte becomes U+FFFD), and two ids for
            // one string would put one feature name twice in a map whose callers trust the ids.
            return -1;
        }
        if ((size + 1) * 2 > keys.length && keys.length < maxSlots) {
            grow();
            slot = emptySlot(hash);
        }
        keys[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
        hashes[slot] = hash;
        values[slot] = value;
        ids[slot] = size;
        size++;
        return slot;
    }

    /**
     * Where a probe for {@code hash} starts: the top bits of the hash times 2^32/φ (Fibonacci hashing). Names
     * that differ in their last character ({@code v00}, {@code v01}, ... or {@code model-1}, {@code model-2})
     * have consecutive {@code String} hashes; their low bits, taken as they are, filled runs of adjacent slots,
     * and a linear probe walked each run (two to four slots a search in the bench's traffic).
     */
    private int home(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    private int emptySlot(int hash) {
        int slot = home(hash);
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Twice the slots; the hints name slots of the old table, so they all start over. */
    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        String[] oldValues = values;
        int[] oldIds = ids;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = emptySlot(oldHashes[i]);
                keys[slot] = oldKeys[i];
                hashes[slot] = oldHashes[i];
                values[slot] = oldValues[i];
                ids[slot] = oldIds[i];
            }
        }
        hints = new int[0];
        sharedHints = hints;
        context = -1;
        lastSlot = -1;
    }

    /**
     * The id of the string {@link #of} returned last: a number from 0 to {@link #size()} - 1 that no other kept
     * string has, the same each time; -1 when that string is not kept (a new instance each time).
     */
    int idOfLast() {
        return lastSlot < 0 ? -1 : ids[lastSlot];
    }

    /** Slots in the table now, for tests. */
    int slots() {
        return keys.length;
    }

    /** A plain loop: for names of a few bytes it beats {@code Arrays.equals}' vectorised mismatch, which profiles showed. */
    private static boolean same(byte[] key, byte[] bytes, int offset, int length) {
        if (key.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key[i] != bytes[offset + i]) {
                return false;
            }
        }
        return true;
    }

    int size() {
        return size;
    }

    /** Lookups no hint answered (the table was searched). */
    long searches() {
        return searches;
    }
}
