package io.driftwatch.comparison;

import io.driftwatch.alerting.MetricCatalog;
import io.driftwatch.alerting.SummaryText;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import java.time.Instant;

/**
 * When a comparison's firing alerts end outside their lifecycle: once its two versions no longer run
 * side by side. A decision ({@link DecisionAlerts}) is final and never resolved by a later report; a
 * rule on the comparison's figures ({@link FigureAlerts}) has no report left to resolve it once one
 * version stops. Left firing, the Alertmanager connector would re-post them, and Alertmanager notify
 * about them, for ever. They resolve when one version has reported windows while the other reported
 * none, for the rule's {@code resolve_after} windows in a row (at least {@value #MIN_WINDOWS_APART})
 * after the alert's window (the candidate was rolled back, or promoted and its control retired), or
 * when neither has reported within the stage's retention.
 */
final class SideBySideEnd {

    /** Windows apart that end a comparison's alerts at least: a quiet window or two of a small canary does not. */
    static final int MIN_WINDOWS_APART = 3;

    private SideBySideEnd() {
    }

    /**
     * For a firing alert of a comparison (a decision, or a rule on its figures) and one version of its pair, the
     * other version; null when {@code alert} is no such alert or {@code version} is not in its pair.
     */
    static String otherVersion(Alert alert, String version) {
        if (alert.getStatus() != AlertStatus.FIRING || !MetricCatalog.isComparisonFigure(alert.getMetric())) {
            return null;
        }
        String control = alert.getLabels().get("control_version");
        String candidate = alert.getLabels().get("candidate_version");
        if (version.equals(candidate)) {
            return control;
        }
        return version.equals(control) ? candidate : null;
    }

    /** Windows in a row without one version that end the alert of {@code rule}: its resolve_after, at least {@value #MIN_WINDOWS_APART}. */
    static int windowsToResolve(io.driftwatch.alerting.RuleSet rules, String rule) {
        return Math.max(MIN_WINDOWS_APART, rules.rules().stream().filter(r -> r.name().equals(rule))
            .mapToInt(io.driftwatch.alerting.Rule::resolveAfter).findFirst().orElse(MIN_WINDOWS_APART));
    }

    /** Whether a version reported a window: the comparison stage's figures store. */
    @FunctionalInterface
    interface WindowsReported {
        boolean reported(String version, long windowStart);
    }

    /**
     * The comparison alert {@code firing} resolved by {@code version}'s report of the window at {@code windowStart},
     * if that report ends it: {@code firing} is an alert of {@code version}'s pair, and the other version reported
     * none of the {@code absentWindows} windows before this one, all of them after the alert's window. Only windows
     * before this one count: the other version's report of this window may still be on its way.
     */
    static java.util.Optional<Alert> endedBy(Alert firing, String version, long windowStart,
                                             io.driftwatch.profile.WindowLayout windows, int absentWindows,
                                             WindowsReported reported, Instant now) {
        String other = otherVersion(firing, version);
        long firstAbsent = windowStart;
        for (int i = 0; i < absentWindows; i++) {
            firstAbsent = windows.startBefore(firstAbsent);
        }
        if (other == null || firstAbsent < firing.getWindowEnd().toEpochMilli()) {
            return java.util.Optional.empty();
        }
        for (long w = firstAbsent; w < windowStart; w = windows.endOf(w)) {
            if (reported.reported(other, w)) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(ended(firing, now, Instant.ofEpochMilli(firstAbsent),
            SummaryText.version(other) + " has reported no window in " + absentWindows + " while "
                + SummaryText.version(version) + " did"));
    }

    /** The comparison alert {@code firing}, resolved: its versions no longer run side by side since {@code endsAt}. */
    static Alert ended(Alert firing, Instant now, Instant endsAt, String why) {
        String decision = firing.getLabels().getOrDefault("decision", firing.getRule());
        return Alert.newBuilder(firing)
            .setStatus(AlertStatus.RESOLVED)
            .setEndsAt(endsAt.isBefore(firing.getStartsAt()) ? firing.getStartsAt() : endsAt)
            .setEmittedAt(now)
            .setSummary(firing.getModelId() + " v" + firing.getModelVersion() + ": " + decision + " resolved, the versions no"
                + " longer run side by side: " + why + ".")
            .build();
    }
}
