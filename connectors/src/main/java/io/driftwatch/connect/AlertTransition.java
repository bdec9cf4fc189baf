package io.driftwatch.connect;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One record of the alerts topic as this plugin understands it: a transition of one alert, FIRING
 * or RESOLVED, with the fields of Driftwatch's {@code Alert.avsc} under Java names.
 *
 * <p>The plugin reads Connect's data model (see {@link ConnectAlertReader}) rather than the
 * generated Avro classes, so that it works with any converter and stays small. Components the
 * schema makes optional, or that a hand-written JSON record may leave out, are {@code null}.
 *
 * @param fingerprint   stable id of the alert (model, version, rule, feature, segment)
 * @param modelId       model the alert is about
 * @param modelVersion  model version the alert is about
 * @param rule          name of the rule (Alertmanager's {@code alertname})
 * @param metric        window-report figure the rule watches; {@code null} if absent
 * @param feature       feature of a per-feature rule; {@code null} otherwise
 * @param segment       segment of a segment or fairness rule; {@code null} otherwise
 * @param severity      severity set by the rule
 * @param status        FIRING or RESOLVED
 * @param observedValue value of the metric in the window that caused the transition; {@code null} if absent
 * @param threshold     threshold of the rule; {@code null} if absent
 * @param comparator    how the observed value is compared with the threshold; {@code null} if absent
 * @param windowStart   start of the window that caused the transition; {@code null} if absent
 * @param windowEnd     end of that window; {@code null} if absent
 * @param startsAt      when the alert started firing
 * @param endsAt        when it resolved; {@code null} while firing
 * @param emittedAt     wall-clock time the transition was emitted; {@code null} if absent
 * @param summary       one readable line; {@code null} if absent
 * @param evidence      what the alert is based on (empty evidence if absent)
 * @param labels        labels from the rule, passed on to Alertmanager
 * @param runbookUrl    where an on-call engineer reads what to do; {@code null} if absent
 */
public record AlertTransition(
        String fingerprint,
        String modelId,
        String modelVersion,
        String rule,
        String metric,
        String feature,
        String segment,
        Severity severity,
        Status status,
        Double observedValue,
        Double threshold,
        String comparator,
        Instant windowStart,
        Instant windowEnd,
        Instant startsAt,
        Instant endsAt,
        Instant emittedAt,
        String summary,
        Evidence evidence,
        Map<String, String> labels,
        String runbookUrl) {

    /** Severity set by the rule, as in {@code Alert.avsc}. */
    public enum Severity { INFO, WARNING, CRITICAL }

    /** Lifecycle state of the alert, as in {@code Alert.avsc}. */
    public enum Status { FIRING, RESOLVED }

    public AlertTransition {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startsAt, "startsAt");
        evidence = evidence == null ? Evidence.EMPTY : evidence;
        labels = sortedCopy(labels);
    }

    public boolean firing() {
        return status == Status.FIRING;
    }

    /** Sorted so that everything rendered from a map (labels, descriptions) is the same for equal input. */
    private static Map<String, String> sortedCopy(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /**
     * What the alert is based on ({@code AlertEvidence} in the schema).
     *
     * @param eventCount       events in the window
     * @param sampleCount      values the metric was computed from
     * @param baselineVersion  version whose baseline was compared with; {@code null} if none
     * @param baselineSource   source of that baseline; {@code null} if none
     * @param baselineRowCount rows in that baseline
     * @param windowsInBreach  consecutive windows the condition held (FIRING) or did not (RESOLVED)
     * @param topFeatures      for drift alerts, the most drifted features
     * @param details          further figures relevant to the rule, by name
     */
    public record Evidence(
            long eventCount,
            long sampleCount,
            String baselineVersion,
            String baselineSource,
            long baselineRowCount,
            int windowsInBreach,
            List<FeatureEvidence> topFeatures,
            Map<String, String> details) {

        public static final Evidence EMPTY = new Evidence(0, 0, null, null, 0, 0, List.of(), Map.of());

        public Evidence {
            topFeatures = topFeatures == null ? List.of() : List.copyOf(topFeatures);
            details = sortedCopy(details);
        }
    }

    /**
     * One drifted feature ({@code FeatureEvidence} in the schema).
     *
     * @param feature   feature name
     * @param test      test used (e.g. psi, ks)
     * @param statistic its statistic; {@code null} if absent
     * @param pValue    its p-value where the test has one; {@code null} otherwise
     * @param threshold its threshold; {@code null} if absent
     * @param verdict   its verdict; {@code null} if absent
     */
    public record FeatureEvidence(
            String feature, String test, Double statistic, Double pValue, Double threshold, String verdict) {

        public FeatureEvidence {
            Objects.requireNonNull(feature, "feature");
        }
    }
}
