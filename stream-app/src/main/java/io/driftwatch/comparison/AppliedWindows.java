package io.driftwatch.comparison;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The windows a comparison has added to its tallies and may still see revised, so that a revision
 * replaces a window's figures instead of adding them again. Forgotten by time, once they can no longer
 * be revised ({@link #startingFrom}), never by count: how many windows the label horizon spans depends
 * on the window size (2,016 of 5 minutes in the default 7 days).
 *
 * <p>Kept as runs of adjacent windows, [start of the first, end of the last), since compared windows
 * follow one another: a week of them is one run of two numbers, not thousands of starts rewritten to
 * the changelog with every report. Written as {@code [[from, to], ...]}. States written before runs hold
 * a list of window starts ({@code [s1, s2, ...]}); each reads as a run of its own, [s, s + 1), which
 * holds that start and no other, so their windows are still recognised when revised.
 *
 * @param runs disjoint and in time order
 */
public record AppliedWindows(List<Run> runs) {

    static final AppliedWindows NONE = new AppliedWindows(List.of());

    /** Windows starting at or after {@code from} and before {@code to}. */
    public record Run(long from, long to) {
    }

    public AppliedWindows {
        runs = List.copyOf(runs);
    }

    boolean contains(long windowStart) {
        for (Run r : runs) {
            if (r.from() <= windowStart && windowStart < r.to()) {
                return true;
            }
        }
        return false;
    }

    /** The end of the newest window added, {@link Long#MIN_VALUE} before any. */
    long newestEnd() {
        return runs.isEmpty() ? Long.MIN_VALUE : runs.get(runs.size() - 1).to();
    }

    /** With window [start, end) added, joined to the runs it touches. */
    AppliedWindows with(long start, long end) {
        List<Run> next = new ArrayList<>(runs.size() + 1);
        long from = start;
        long to = end;
        int i = 0;
        while (i < runs.size() && runs.get(i).to() < from) {
            next.add(runs.get(i++));
        }
        while (i < runs.size() && runs.get(i).from() <= to) {
            from = Math.min(from, runs.get(i).from());
            to = Math.max(to, runs.get(i).to());
            i++;
        }
        next.add(new Run(from, to));
        next.addAll(runs.subList(i, runs.size()));
        return new AppliedWindows(next);
    }

    /** Without the windows that started before {@code cutoff}. */
    AppliedWindows startingFrom(long cutoff) {
        List<Run> kept = new ArrayList<>(runs.size());
        for (Run r : runs) {
            if (r.to() > cutoff) {
                kept.add(r.from() >= cutoff ? r : new Run(cutoff, r.to()));
            }
        }
        return new AppliedWindows(kept);
    }

    @JsonValue
    List<long[]> json() {
        return runs.stream().map(r -> new long[] {r.from(), r.to()}).toList();
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static AppliedWindows fromJson(JsonNode node) {
        AppliedWindows applied = NONE;
        if (node == null || node.isNull()) {
            return applied;
        }
        for (JsonNode element : node) {
            applied = element.isArray()
                ? applied.with(element.get(0).asLong(), element.get(1).asLong())
                : applied.with(element.asLong(), element.asLong() + 1);
        }
        return applied;
    }
}
