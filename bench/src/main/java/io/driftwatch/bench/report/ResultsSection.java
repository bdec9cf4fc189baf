package io.driftwatch.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One {@code ## } section of bench/RESULTS.md that a benchmark run alone rewrites, leaving every other
 * section as it is (so {@code --only faults} does not wipe the throughput tables).
 */
public final class ResultsSection {

    private ResultsSection() {
    }

    /** Replaces the section starting with {@code heading} (a {@code ## } line) in place, or appends it. */
    public static void mergeInto(Path results, String heading, String section) throws IOException {
        String text = Files.exists(results) ? Files.readString(results) : "";
        int at = text.indexOf(heading + "\n");
        if (at < 0) {
            text = text.isEmpty() ? section : text.stripTrailing() + "\n\n" + section;
        } else {
            int next = text.indexOf("\n## ", at + heading.length());
            text = text.substring(0, at) + section + (next < 0 ? "" : text.substring(next + 1));
        }
        Files.writeString(results, text);
    }
}
