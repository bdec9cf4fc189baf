package io.driftwatch.generator;

import java.time.Duration;
import java.util.Locale;

/**
 * One entry of a traffic schedule: at {@code at} after the start of generation, {@code scenario}
 * changes model {@code modelId} as {@code description} says.
 */
public record ScheduledChange(Duration at, String modelId, String scenario, String description) {

    /** "m:ss" (or "h:mm:ss") for the console, e.g. {@code 2:00}. */
    public static String format(Duration d) {
        long seconds = d.toSeconds();
        long fraction = d.toMillisPart();
        String base = seconds >= 3600
            ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60)
            : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
        return fraction == 0 ? base : base + String.format(Locale.ROOT, ".%03d", fraction);
    }

    /** E.g. {@code "2:00  credit-scorer  input-drift  input drift: ..."}. */
    @Override
    public String toString() {
        return format(at) + "  " + modelId + "  " + scenario + "  " + description;
    }
}
