package io.driftwatch.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alert records as Driftwatch writes them to the alerts topic in plain JSON (field names of
 * {@code Alert.avsc}, timestamps as epoch milliseconds). Names no plugin class, so the ITs use it
 * too.
 */
final class SampleAlerts {

    static final Instant WINDOW_START = Instant.parse("2026-11-22T04:00:00Z");
    static final Instant WINDOW_END = Instant.parse("2026-11-22T04:05:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleAlerts() {
    }

    /** A drift alert on feature {@code amount} of fraud-scorer v3. */
    static Map<String, Object> firing(String fingerprint, String rule) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("fingerprint", fingerprint);
        alert.put("model_id", "fraud-scorer");
        alert.put("model_version", "v3");
        alert.put("rule", rule);
        alert.put("metric", "feature.psi");
        alert.put("feature", "amount");
        alert.put("segment", null);
        alert.put("severity", "CRITICAL");
        alert.put("status", "FIRING");
        alert.put("observed_value", 0.3112);
        alert.put("threshold", 0.25);
        alert.put("comparator", ">=");
        alert.put("window_start", WINDOW_START.toEpochMilli());
        alert.put("window_end", WINDOW_END.toEpochMilli());
        alert.put("starts_at", WINDOW_END.toEpochMilli());
        alert.put("ends_at", null);
        alert.put("emitted_at", WINDOW_END.plusSeconds(2).toEpochMilli());
        alert.put("summary", "fraud-scorer v3: feature amount drifted (PSI 0.31 >= 0.25)");
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("event_count", 1200L);
        evidence.put("sample_count", 1180L);
        evidence.put("baseline_version", "v3");
        evidence.put("baseline_source", "training");
        evidence.put("baseline_row_count", 50000L);
        evidence.put("windows_in_breach", 2);
        evidence.put("top_features", List.of(
                feature("amount", "psi", 0.3112, null, 0.25, "drifted"),
                feature("merchant_category", "chi_square", 41.5, 0.0004, 0.05, "drifted")));
        evidence.put("details", Map.of("sketch_error", "0.0133"));
        alert.put("evidence", evidence);
        alert.put("labels", Map.of("team", "risk-ml", "service", "payments"));
        alert.put("runbook_url", "https://runbooks.example.com/drift");
        return alert;
    }

    static Map<String, Object> feature(String name, String test, Double statistic, Double pValue, double threshold,
                                       String verdict) {
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("feature", name);
        feature.put("test", test);
        feature.put("statistic", statistic);
        feature.put("p_value", pValue);
        feature.put("threshold", threshold);
        feature.put("verdict", verdict);
        return feature;
    }

    /** The RESOLVED transition of {@link #firing}: status, ends_at and emitted_at change. */
    static Map<String, Object> resolved(String fingerprint, String rule, Instant endsAt) {
        Map<String, Object> alert = firing(fingerprint, rule);
        alert.put("status", "RESOLVED");
        alert.put("observed_value", 0.12);
        alert.put("ends_at", endsAt.toEpochMilli());
        alert.put("emitted_at", endsAt.toEpochMilli());
        alert.put("summary", "fraud-scorer v3: feature amount back to normal (PSI 0.12 < 0.25)");
        return alert;
    }

    static String json(Map<String, Object> alert) {
        try {
            return JSON.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
