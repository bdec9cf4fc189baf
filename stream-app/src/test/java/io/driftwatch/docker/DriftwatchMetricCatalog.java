package io.driftwatch.docker;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics Driftwatch exports, by their Prometheus names (after Micrometer's conversion), with
 * their labels; plus the metric families of the binders Driftwatch registers, whose labels are not
 * Driftwatch's to list. Dashboards and rules may use these names only, so that none of them can
 * silently query a metric the app does not export.
 *
 * <p>Every series also carries {@code job} and {@code instance}, added by Prometheus, and on Kubernetes
 * {@code pod}, added by its service discovery (the model rules aggregate it away).
 */
final class DriftwatchMetricCatalog {

    /** Labels Prometheus adds to every scraped series; {@code pod} where Kubernetes discovers the targets. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance", "pod");

    private static final Map<String, Set<String>> LABELS = Map.ofEntries(
        // counters
        Map.entry("driftwatch_events_accepted_total", Set.of("type")),
        Map.entry("driftwatch_events_rejected_total", Set.of("type", "reason")),
        Map.entry("driftwatch_late_events_total", Set.of("stage")),
        Map.entry("driftwatch_windows_evaluated_total", Set.of()),
        Map.entry("driftwatch_state_reads_total", Set.of()),
        Map.entry("driftwatch_outcomes_joined_total", Set.of()),
        Map.entry("driftwatch_outcomes_duplicate_total", Set.of()),
        Map.entry("driftwatch_outcomes_unmatched_total", Set.of()),
        Map.entry("driftwatch_outcomes_unscorable_total", Set.of("reason")),
        Map.entry("driftwatch_concept_drift_detections_total", Set.of("model", "version", "detector")),
        Map.entry("driftwatch_alert_transitions_total", Set.of("status", "severity")),
        Map.entry("driftwatch_audit_records_total", Set.of("type")),
        // gauges: the model version's latest window report
        Map.entry("driftwatch_feature_drift_statistic", Set.of("model", "version", "feature", "test")),
        Map.entry("driftwatch_feature_drift", Set.of("model", "version", "feature")),
        Map.entry("driftwatch_feature_missing_increase", Set.of("model", "version", "feature")),
        Map.entry("driftwatch_dataset_drift_share", Set.of("model", "version")),
        Map.entry("driftwatch_prediction_drift_statistic", Set.of("model", "version", "test")),
        Map.entry("driftwatch_prediction_drift", Set.of("model", "version")),
        Map.entry("driftwatch_window_events", Set.of("model", "version")),
        Map.entry("driftwatch_error_rate", Set.of("model", "version")),
        Map.entry("driftwatch_inference_latency_seconds", Set.of("model", "version", "stat")),
        Map.entry("driftwatch_quality", Set.of("model", "version", "metric")),
        Map.entry("driftwatch_quality_estimated", Set.of("model", "version", "metric")),
        Map.entry("driftwatch_quality_change_relative", Set.of("model", "version", "metric")),
        Map.entry("driftwatch_label_coverage", Set.of("model", "version")),
        Map.entry("driftwatch_labelled_events", Set.of("model", "version")),
        Map.entry("driftwatch_fairness", Set.of("model", "version", "attribute", "figure")),
        Map.entry("driftwatch_segment_positive_rate", Set.of("model", "version", "attribute", "group")),
        Map.entry("driftwatch_alerts_active", Set.of("model", "version", "rule", "severity")),
        Map.entry("driftwatch_streams_ready", Set.of()),
        Map.entry("driftwatch_state_decoded_bytes", Set.of()),
        Map.entry("driftwatch_state_restore_remaining_records", Set.of()),
        Map.entry("driftwatch_partitions_held", Set.of()),
        Map.entry("driftwatch_hanging_transactions_aborted_total", Set.of()),
        // gauges: each comparison's latest report (comparison.ComparisonGauges)
        Map.entry("driftwatch_comparison_decision", Set.of("model", "control", "candidate", "mode")),
        Map.entry("driftwatch_comparison_windows_compared", Set.of("model", "control", "candidate", "mode")),
        Map.entry("driftwatch_comparison_control", Set.of("model", "control", "candidate", "mode", "metric")),
        Map.entry("driftwatch_comparison_candidate", Set.of("model", "control", "candidate", "mode", "metric")),
        Map.entry("driftwatch_comparison_difference", Set.of("model", "control", "candidate", "mode", "metric")),
        Map.entry("driftwatch_comparison_always_valid_p_value", Set.of("model", "control", "candidate", "mode", "metric")),
        Map.entry("driftwatch_comparison_shadow_agreement_ratio", Set.of("model", "control", "candidate", "mode")),
        // histogram: processing time - event time
        Map.entry("driftwatch_pipeline_lag_seconds_bucket", Set.of("le")),
        Map.entry("driftwatch_pipeline_lag_seconds_count", Set.of()),
        Map.entry("driftwatch_pipeline_lag_seconds_sum", Set.of()),
        Map.entry("driftwatch_pipeline_lag_seconds_max", Set.of()),
        // Prometheus' own per-target series
        Map.entry("up", Set.of()));

    /** Micrometer's Kafka Streams, JVM and process binders: names known by prefix, labels not listed. */
    private static final List<String> BINDER_PREFIXES = List.of("kafka_stream_", "jvm_", "process_");

    private DriftwatchMetricCatalog() {
    }

    /** Whether the app (or Prometheus, for {@code up}) exports a metric of this name. */
    static boolean isExported(String name) {
        return LABELS.containsKey(name) || isFromBinder(name);
    }

    /** Whether the metric comes from one of Micrometer's binders, whose labels this catalog does not list. */
    static boolean isFromBinder(String name) {
        return BINDER_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** Every label a Driftwatch metric has, {@code job} and {@code instance} included; empty for binder metrics. */
    static Optional<Set<String>> labels(String name) {
        Set<String> own = LABELS.get(name);
        if (own == null) {
            return Optional.empty();
        }
        return Optional.of(union(own, TARGET_LABELS));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
