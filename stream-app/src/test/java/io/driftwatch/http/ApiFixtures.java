package io.driftwatch.http;

import io.driftwatch.alerting.Reports;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertEvidence;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.Severity;
import io.driftwatch.schemas.WindowReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Reports and alerts for the HTTP tests (and the alert stores of the topology's tests), every field set, so no Avro
 * default has to be resolved.
 */
public final class ApiFixtures {

    private ApiFixtures() {
    }

    /** A report of window {@code index} of a model version, 1000 events, no features. */
    static WindowReport report(String model, String version, int index) {
        return Reports.window(model, version, index).build();
    }

    /** A FIRING alert of a model version whose episode started at {@code startsAt}. */
    public static Alert alert(String fingerprint, String model, String version, Severity severity, Instant startsAt) {
        return Alert.newBuilder()
            .setFingerprint(fingerprint)
            .setModelId(model)
            .setModelVersion(version)
            .setRule("feature-drift")
            .setMetric("feature.psi")
            .setFeature("amount")
            .setSegment(null)
            .setSeverity(severity)
            .setStatus(AlertStatus.FIRING)
            .setObservedValue(0.31)
            .setThreshold(0.25)
            .setComparator(">=")
            .setWindowStart(startsAt.minusSeconds(3600))
            .setWindowEnd(startsAt)
            .setStartsAt(startsAt)
            .setEndsAt(null)
            .setEmittedAt(startsAt.plusSeconds(5))
            .setSummary(model + " v" + version + ": feature amount drifted (PSI 0.31 >= 0.25)")
            .setEvidence(AlertEvidence.newBuilder()
                .setEventCount(1000)
                .setSampleCount(990)
                .setBaselineVersion(version)
                .setBaselineSource("TRAINING_DATA")
                .setBaselineRowCount(50_000)
                .setWindowsInBreach(1)
                .setTopFeatures(new ArrayList<>())
                .setDetails(new HashMap<>())
                .build())
            .setLabels(new HashMap<>(Map.of("team", "risk")))
            .setRunbookUrl(null)
            .build();
    }
}
