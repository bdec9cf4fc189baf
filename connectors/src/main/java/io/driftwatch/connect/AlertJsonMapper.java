package io.driftwatch.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.connect.AlertTransition.Evidence;
import io.driftwatch.connect.AlertTransition.FeatureEvidence;
import java.time.Instant;
import java.util.Map;

/**
 * The generic webhook body: the alert as one JSON object with the field names of
 * {@code Alert.avsc}; enums as their names, times as ISO-8601 UTC strings, absent optional fields
 * as {@code null}.
 */
final class AlertJsonMapper {

    private final ObjectMapper json;

    AlertJsonMapper(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode toJson(AlertTransition alert) {
        ObjectNode node = json.createObjectNode();
        node.put("fingerprint", alert.fingerprint());
        node.put("model_id", alert.modelId());
        node.put("model_version", alert.modelVersion());
        node.put("rule", alert.rule());
        node.put("metric", alert.metric());
        node.put("feature", alert.feature());
        node.put("segment", alert.segment());
        node.put("severity", alert.severity().name());
        node.put("status", alert.status().name());
        node.put("observed_value", alert.observedValue());
        node.put("threshold", alert.threshold());
        node.put("comparator", alert.comparator());
        node.put("window_start", time(alert.windowStart()));
        node.put("window_end", time(alert.windowEnd()));
        node.put("starts_at", time(alert.startsAt()));
        node.put("ends_at", time(alert.endsAt()));
        node.put("emitted_at", time(alert.emittedAt()));
        node.put("summary", alert.summary());
        node.set("evidence", evidence(alert.evidence()));
        node.set("labels", strings(alert.labels()));
        node.put("runbook_url", alert.runbookUrl());
        return node;
    }

    private ObjectNode evidence(Evidence evidence) {
        ObjectNode node = json.createObjectNode();
        node.put("event_count", evidence.eventCount());
        node.put("sample_count", evidence.sampleCount());
        node.put("baseline_version", evidence.baselineVersion());
        node.put("baseline_source", evidence.baselineSource());
        node.put("baseline_row_count", evidence.baselineRowCount());
        node.put("windows_in_breach", evidence.windowsInBreach());
        ArrayNode features = node.putArray("top_features");
        for (FeatureEvidence feature : evidence.topFeatures()) {
            ObjectNode item = features.addObject();
            item.put("feature", feature.feature());
            item.put("test", feature.test());
            item.put("statistic", feature.statistic());
            item.put("p_value", feature.pValue());
            item.put("threshold", feature.threshold());
            item.put("verdict", feature.verdict());
        }
        node.set("details", strings(evidence.details()));
        return node;
    }

    private ObjectNode strings(Map<String, String> map) {
        ObjectNode node = json.createObjectNode();
        map.forEach(node::put);
        return node;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
