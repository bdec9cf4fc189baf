package io.driftwatch.state;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many serialized bytes of decoded objects the {@link LiveObjectStore}s of one instance keep in memory together,
 * shared by every task and stream thread.
 *
 * <p>Why a bound: the merge stage keeps each window open until every input partition's watermark has passed it. When
 * one partition runs ahead of another, as in a backlog replayed by threads of unequal load, every window between
 * the two waits in the store. Kept decoded in memory, they grew without bound: a 10,000,000-event backlog of ten
 * models filled a 512 MB heap within three minutes, garbage collection then took most of the CPU, a transaction
 * outlived {@code transaction.timeout.ms}, and the thread was fenced and restored its stores, again and again.
 * Objects are sized by their serialized form, measured when they are written to the store beneath (or read from
 * it), since that is what a store knows of them without walking their graph.
 *
 * <p>A bound, not a cap: objects changed or read since the last commit are never dropped, so the working set of the
 * windows being filled stays in memory whatever the bound.
 */
public final class LiveObjectBudget {

    /** No bound: every object stays decoded until it is deleted (stores in memory, and tests). */
    public static final LiveObjectBudget UNBOUNDED = new LiveObjectBudget(Long.MAX_VALUE);

    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();

    /** @param maxBytes serialized bytes of decoded objects kept beyond the ones in use; at least 0 */
    public LiveObjectBudget(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + " is negative");
        }
        this.maxBytes = maxBytes;
    }

    void add(long bytes) {
        used.addAndGet(bytes);
    }

    void readBack() {
        reads.incrementAndGet();
    }

    boolean exceeded() {
        return used.get() > maxBytes;
    }

    /** Serialized bytes of the objects every store of this budget holds decoded now. */
    public long used() {
        return used.get();
    }

    /** Objects decoded from a store beneath because none was in memory (after a drop, a restart or a restore). */
    public long reads() {
        return reads.get();
    }
}
