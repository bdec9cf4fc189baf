package io.driftwatch.baseline.io;

import java.util.Locale;

/** How a column of training data is profiled. */
public enum ColumnType {
    /** Numbers: a quantile sketch and moments. */
    NUMERIC,
    /** Strings and booleans: category frequencies. */
    CATEGORICAL,
    /** Left out of the baseline (ids, timestamps, free text). */
    IGNORED;

    /** Parses {@code numeric}, {@code categorical} or {@code ignored}/{@code ignore}, any case. */
    public static ColumnType parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "numeric", "number" -> NUMERIC;
            case "categorical", "category", "string" -> CATEGORICAL;
            case "ignored", "ignore" -> IGNORED;
            default -> throw new IllegalArgumentException("Unknown column type '" + text + "'; use numeric, categorical or ignored");
        };
    }
}
