package io.driftwatch.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Order statistics and number formats for the results. */
public final class Stats {

    private Stats() {
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p} of the values at or below it. */
    public static double percentile(List<? extends Number> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>();
        values.forEach(v -> sorted.add(v.doubleValue()));
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public static double mean(List<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).average().orElse(Double.NaN);
    }

    public static String integer(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
    }

    public static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    public static String percent(double share) {
        return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    public static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MB", bytes / 1048576.0);
    }
}
