package io.driftwatch.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.json.PlainJson;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.BaselineRef;
import io.driftwatch.schemas.QualityReport;
import io.driftwatch.schemas.WindowReport;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The API's JSON: full reports and alerts in Driftwatch's plain JSON with ISO-8601 times, and the
 * one-line-per-version model summary of {@code /api/models}.
 */
final class ApiJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Quality figures a summary carries when the report has them: the headline of each task. */
    private static final List<String> HEADLINE_QUALITY = List.of("accuracy", "rmse");

    private final PlainJson plain = new PlainJson(PlainJson.Timestamps.ISO_8601);

    ObjectNode report(WindowReport report) {
        return plain.toTree(report);
    }

    ObjectNode comparison(io.driftwatch.schemas.ComparisonReport report) {
        return plain.toTree(report);
    }

    /** Keys of an alert's {@code details} that are free text even when they look like a number. */
    private static final java.util.Set<String> TEXT_DETAILS = java.util.Set.of("description");
    private static final java.util.regex.Pattern NUMBER =
        java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    /**
     * An alert, its {@code evidence.details} values that are numbers written as JSON numbers ({@code "for": 2},
     * not {@code "2"}): the Avro schema holds them as a map of strings, a client wants to compare them.
     */
    ObjectNode alert(Alert alert) {
        ObjectNode tree = plain.toTree(alert);
        if (tree.path("evidence").get("details") instanceof ObjectNode details) {
            java.util.Map<String, java.math.BigDecimal> numbers = new java.util.TreeMap<>();
            details.properties().forEach(e -> {
                String text = e.getValue().isTextual() ? e.getValue().asText() : null;
                if (text != null && !TEXT_DETAILS.contains(e.getKey()) && NUMBER.matcher(text).matches()) {
                    numbers.put(e.getKey(), new java.math.BigDecimal(text));
                }
            });
            numbers.forEach(details::put);
        }
        return tree;
    }

    /** A model version's latest window in brief, with the number of alerts firing for it. */
    ObjectNode summary(WindowReport r, int activeAlerts) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("model_id", r.getModelId());
        s.put("model_version", r.getModelVersion());
        s.put("window_start", r.getWindowStart().toString());
        s.put("window_end", r.getWindowEnd().toString());
        s.put("emitted_at", r.getEmittedAt().toString());
        s.put("revision", r.getRevision());
        s.put("event_count", r.getEventCount());
        s.put("late_event_count", r.getLateEventCount());
        s.put("dataset_drift", r.getDatasetDrift());
        number(s, "dataset_drift_share", r.getDatasetDriftShare());
        s.put("drifted_feature_count", r.getDriftedFeatureCount());
        s.put("tested_feature_count", r.getTestedFeatureCount());
        s.put("compared_feature_count", r.getComparedFeatureCount());
        BaselineRef b = r.getBaseline();
        if (b == null) {
            s.putNull("baseline");
        } else {
            ObjectNode baseline = s.putObject("baseline");
            baseline.put("model_version", b.getModelVersion());
            baseline.put("source", b.getSource());
            baseline.put("fallback", b.getFallback());
        }
        QualityReport q = r.getQuality();
        if (q == null) {
            s.putNull("quality");
        } else {
            ObjectNode quality = s.putObject("quality");
            quality.put("task", q.getTask().name());
            number(quality, "label_coverage", q.getLabelCoverage());
            for (String metric : HEADLINE_QUALITY) {
                Double v = q.getMetrics().get(metric);
                if (v != null) {
                    number(quality, metric, v);
                }
            }
        }
        s.put("active_alerts", activeAlerts);
        return s;
    }

    /**
     * A model version with late events and no report, in the shape of {@link #summary}: no window (nulls),
     * no events profiled, the late count and the reason.
     */
    ObjectNode lateOnly(io.driftwatch.topology.LateOnlyVersion late, java.time.Duration grace) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("model_id", late.modelId());
        s.put("model_version", late.modelVersion());
        s.putNull("window_start");
        s.putNull("window_end");
        s.putNull("emitted_at");
        s.putNull("revision");
        s.put("event_count", 0);
        s.put("late_event_count", late.lateEvents());
        s.put("reason", late.reason(grace));
        s.putNull("dataset_drift");
        s.putNull("dataset_drift_share");
        s.put("drifted_feature_count", 0);
        s.put("tested_feature_count", 0);
        s.put("compared_feature_count", 0);
        s.putNull("baseline");
        s.putNull("quality");
        s.put("active_alerts", 0);
        return s;
    }

    /** A time written by this API (ISO-8601), or epoch milliseconds; {@link Instant#MIN} when absent or unreadable. */
    static Instant time(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Instant.MIN;
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    /** Non-finite values as strings, as {@link PlainJson} writes them, since JSON has no NaN. */
    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, Double.toString(value));
        }
    }
}
