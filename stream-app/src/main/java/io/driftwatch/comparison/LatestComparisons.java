package io.driftwatch.comparison;

import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest report of each comparison among those read from the comparisons topic (latest window,
 * then latest emitted, so a revision of an old window does not hide a newer window), and how the CLI
 * prints them.
 */
public final class LatestComparisons {

    private final Map<String, ComparisonReport> latest = new TreeMap<>();

    public static String key(ComparisonReport r) {
        return r.getModelId() + '/' + r.getControlVersion() + '/' + r.getCandidateVersion();
    }

    public void add(ComparisonReport r) {
        latest.merge(key(r), r, (old, now) -> Comparator.comparing(ComparisonReport::getWindowStart)
            .thenComparing(ComparisonReport::getEmittedAt).compare(now, old) >= 0 ? now : old);
    }

    public List<ComparisonReport> all() {
        return new ArrayList<>(latest.values());
    }

    public ComparisonReport get(String key) {
        return latest.get(key);
    }

    /** One line per comparison: key, mode, origin, windows, decision, and each figure's control → candidate. */
    public String table() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-40s %-7s %-10s %7s %-12s %s%n",
            "COMPARISON", "MODE", "ORIGIN", "WINDOWS", "DECISION", "FIGURES (control -> candidate, verdict)"));
        for (ComparisonReport r : latest.values()) {
            List<String> figures = new ArrayList<>();
            for (ComparedMetric m : r.getMetrics()) {
                figures.add(String.format(Locale.ROOT, "%s %s -> %s %s", m.getMetric(), number(m.getControl()),
                    number(m.getCandidate()), m.getVerdict()));
            }
            out.append(String.format(Locale.ROOT, "%-40s %-7s %-10s %7d %-12s %s%n", key(r), r.getMode(), r.getOrigin(),
                r.getWindowsCompared(), r.getDecision(), String.join("; ", figures)));
        }
        return out.toString();
    }

    private static String number(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }
}
