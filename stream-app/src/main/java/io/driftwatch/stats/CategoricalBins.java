package io.driftwatch.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Two categorical summaries aligned on common bins: one per category with a positive count on either
 * side, in the keys' natural order, then one "other" bin when either side folded values into it.
 * A category one side lists and the other folded into its "other" bin cannot be told apart; the bins
 * compare what each side counted.
 */
final class CategoricalBins {

    private final long[] reference;
    private final long[] window;
    private final List<String> newCategories;

    private CategoricalBins(long[] reference, long[] window, List<String> newCategories) {
        this.reference = reference;
        this.window = window;
        this.newCategories = newCategories;
    }

    /**
     * Aligns two count maps (categories named by {@code String.valueOf(key)} in
     * {@link #newCategories()}).
     */
    static <K extends Comparable<? super K>> CategoricalBins of(Map<K, Long> reference, long referenceOther,
                                                                Map<K, Long> window, long windowOther) {
        TreeSet<K> keys = new TreeSet<>();
        addPositive(keys, reference);
        addPositive(keys, window);
        boolean other = referenceOther > 0 || windowOther > 0;
        int size = keys.size() + (other ? 1 : 0);
        long[] referenceCounts = new long[size];
        long[] windowCounts = new long[size];
        List<String> newCategories = new ArrayList<>();
        int i = 0;
        for (K key : keys) {
            referenceCounts[i] = reference.getOrDefault(key, 0L);
            windowCounts[i] = window.getOrDefault(key, 0L);
            if (referenceCounts[i] == 0 && newCategories.size() < FeatureDriftResult.MAX_NEW_CATEGORIES) {
                newCategories.add(String.valueOf(key));
            }
            i++;
        }
        if (other) {
            referenceCounts[i] = referenceOther;
            windowCounts[i] = windowOther;
        }
        return new CategoricalBins(referenceCounts, windowCounts, List.copyOf(newCategories));
    }

    private static <K> void addPositive(TreeSet<K> keys, Map<K, Long> counts) {
        for (Map.Entry<K, Long> entry : counts.entrySet()) {
            if (entry.getValue() > 0) {
                keys.add(entry.getKey());
            }
        }
    }

    /** Number of bins. */
    int size() {
        return reference.length;
    }

    /** Reference count per bin (shared array: do not modify). */
    long[] referenceCounts() {
        return reference;
    }

    /** Window count per bin (shared array: do not modify). */
    long[] windowCounts() {
        return window;
    }

    double[] referenceProportions() {
        return proportions(reference);
    }

    double[] windowProportions() {
        return proportions(window);
    }

    /** Window categories with no reference count, sorted, at most {@link FeatureDriftResult#MAX_NEW_CATEGORIES}. */
    List<String> newCategories() {
        return newCategories;
    }

    private static double[] proportions(long[] counts) {
        double total = 0;
        for (long count : counts) {
            total += count;
        }
        double[] proportions = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            proportions[i] = counts[i] / total;
        }
        return proportions;
    }
}
