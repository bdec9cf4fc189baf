package io.driftwatch.topology;

/** Names of the topology's state stores; also how the HTTP API finds them for interactive queries. */
public record TopologyStores(
    String partialWindows,
    String mergedWindows,
    String sourceWatermarks,
    String versionProgress,
    String pendingBaselines,
    String capturedBaselines,
    String publishedBaselines,
    String windowQuality,
    String reportedWindows,
    String detectors,
    String qualityBaselines,
    String latestReports,
    String latestLabelledReports,
    String activeAlerts,
    String alertStates,
    String auditHeads,
    String rulesApplied,
    String rejectCounts,
    String lateEvents,
    String partialWatermarks) {

    public static TopologyStores defaults() {
        return new TopologyStores("partial-windows", "merged-windows", "source-watermarks", "version-progress",
            "pending-baselines", "captured-baselines", "baselines", "window-quality", "reported-windows",
            "concept-drift-detectors", "quality-baselines", "latest-reports", "latest-labelled-reports",
            "active-alerts", "alert-states", "audit-heads", "rules-applied", "reject-counts", "partial-late-events",
            "partial-watermarks");
    }
}
