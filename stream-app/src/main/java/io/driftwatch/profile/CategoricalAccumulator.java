package io.driftwatch.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounded category frequencies of one categorical feature within one window.
 *
 * <p>At most {@code maxCategories} categories are counted by name. While adding, a category
 * first seen when the table is full goes to the "other" count. When merging two tables whose
 * union is larger than the cap, the most frequent categories are kept (ties broken by name,
 * so merging is deterministic) and the rest are folded into "other". Both rules are exact as
 * long as a feature has no more categories than the cap, which is the case the cap is sized for.
 */
public final class CategoricalAccumulator {

    private final int maxCategories;
    private final HashMap<String, long[]> counts;
    private long other;
    private long total;

    public CategoricalAccumulator(int maxCategories) {
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be at least 1, was " + maxCategories);
        }
        this.maxCategories = maxCategories;
        this.counts = new HashMap<>();
    }

    public void add(String category) {
        add(category, 1);
    }

    void add(String category, long count) {
        total += count;
        long[] cell = counts.get(category);
        if (cell != null) {
            cell[0] += count;
        } else if (counts.size() < maxCategories) {
            counts.put(category, new long[] {count});
        } else {
            other += count;
        }
    }

    void addOther(long count) {
        other += count;
        total += count;
    }

    /** Adds everything {@code other} has seen; {@code other} is left unchanged. */
    public void merge(CategoricalAccumulator that) {
        for (Map.Entry<String, long[]> e : that.counts.entrySet()) {
            long[] cell = counts.get(e.getKey());
            if (cell != null) {
                cell[0] += e.getValue()[0];
            } else {
                counts.put(e.getKey(), new long[] {e.getValue()[0]});
            }
        }
        other += that.other;
        total += that.total;
        if (counts.size() > maxCategories) {
            foldSmallest();
        }
    }

    private void foldSmallest() {
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
            .thenComparing(Map.Entry::getKey));
        for (int i = maxCategories; i < entries.size(); i++) {
            other += entries.get(i).getValue()[0];
            counts.remove(entries.get(i).getKey());
        }
    }

    public int maxCategories() {
        return maxCategories;
    }

    /** Count per named category (a copy). */
    public Map<String, Long> frequencies() {
        Map<String, Long> copy = new HashMap<>(counts.size() * 2);
        counts.forEach((k, v) -> copy.put(k, v[0]));
        return copy;
    }

    /** Values of categories beyond the cap. */
    public long otherCount() {
        return other;
    }

    /** All values seen, named or folded. */
    public long count() {
        return total;
    }
}
