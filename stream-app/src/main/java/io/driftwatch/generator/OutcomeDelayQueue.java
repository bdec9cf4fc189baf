package io.driftwatch.generator;

import io.driftwatch.schemas.OutcomeEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Outcomes waiting for their due time (their {@code event_time}), released in due order; outcomes
 * due at the same instant leave in the order they came. Not thread-safe.
 */
public final class OutcomeDelayQueue {

    private record Entry(long dueMillis, long sequence, OutcomeEvent outcome) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(dueMillis, o.dueMillis);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long sequence;

    public void offer(OutcomeEvent outcome) {
        queue.add(new Entry(outcome.getEventTime().toEpochMilli(), sequence++, outcome));
    }

    /** Removes and returns every outcome due at or before {@code now}, earliest first. */
    public List<OutcomeEvent> pollDue(Instant now) {
        long nowMillis = now.toEpochMilli();
        List<OutcomeEvent> due = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().dueMillis() <= nowMillis) {
            due.add(queue.poll().outcome());
        }
        return due;
    }

    /** Removes and returns the earliest outcome (the first offered among equally due ones); null when empty. */
    public OutcomeEvent poll() {
        Entry e = queue.poll();
        return e == null ? null : e.outcome();
    }

    /** Removes and returns every outcome, earliest first. */
    public List<OutcomeEvent> drain() {
        List<OutcomeEvent> all = new ArrayList<>(queue.size());
        while (!queue.isEmpty()) {
            all.add(queue.poll().outcome());
        }
        return all;
    }

    /** When the earliest waiting outcome is due; null when none waits. */
    public Instant nextDue() {
        return queue.isEmpty() ? null : queue.peek().outcome().getEventTime();
    }

    public int size() {
        return queue.size();
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }
}
