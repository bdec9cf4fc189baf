package io.driftwatch.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.alerting.RuleSet;
import io.driftwatch.alerting.RulesDiff;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.CategoricalFeatureProfile;
import io.driftwatch.schemas.NumericFeatureProfile;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON payloads of audit records, deterministic: equal inputs give byte-identical JSON, so a
 * payload can be recomputed and compared. Guaranteed: object keys (record fields and map entries)
 * sorted by {@link String#compareTo}, arrays in their original order, no whitespace, doubles in
 * Java's shortest round-trip form, non-finite doubles as strings. Window reports and alerts are in
 * Avro's JSON encoding (unions as {@code {"double": 0.3}}, timestamps as epoch milliseconds), and
 * decode back with Avro's JSON decoder and their schema.
 */
public final class AuditPayloads {

    private AuditPayloads() {
    }

    /** A window report, whole (payload of WINDOW_EVALUATED). */
    public static String windowReport(WindowReport report) {
        return CanonicalJson.of(report);
    }

    /** An alert, whole (payload of ALERT_FIRED and ALERT_RESOLVED). */
    public static String alert(Alert alert) {
        return CanonicalJson.of(alert);
    }

    /**
     * A summary of a reference profile (payload of BASELINE_SET): its identity, provenance and
     * per-feature figures without the sketches, and {@code profile_sha256}, the SHA-256 of the whole
     * profile's canonical JSON (sketch bytes included, as Avro's JSON encoding writes bytes), which
     * pins the exact baseline.
     */
    public static String referenceProfileSummary(ReferenceProfile profile) {
        ObjectNode summary = CanonicalJson.object();
        summary.put("model_id", profile.getModelId());
        summary.put("model_version", profile.getModelVersion());
        summary.put("created_at", profile.getCreatedAt().toEpochMilli());
        summary.put("source", profile.getSource().name());
        summary.put("description", profile.getDescription());
        summary.put("row_count", profile.getRowCount());
        summary.put("kll_k", profile.getKllK());
        summary.put("prediction_kind", profile.getPredictionKind().name());
        ObjectNode numeric = summary.putObject("numeric_features");
        profile.getNumericFeatures().forEach((name, feature) -> numeric.set(name, numeric(feature)));
        ObjectNode categorical = summary.putObject("categorical_features");
        profile.getCategoricalFeatures().forEach((name, feature) -> categorical.set(name, categorical(feature)));
        summary.set("prediction_numeric", numeric(profile.getPredictionNumeric()));
        summary.set("prediction_classes", categorical(profile.getPredictionClasses()));
        summary.set("label_numeric", numeric(profile.getLabelNumeric()));
        summary.set("label_classes", categorical(profile.getLabelClasses()));
        ObjectNode quality = summary.putObject("baseline_quality");
        new TreeMap<>(profile.getBaselineQuality()).forEach(quality::put);
        if (profile.getBaselineQualityCount() != null) {
            summary.put("baseline_quality_count", profile.getBaselineQualityCount());
        }
        summary.put("profile_sha256", sha256(CanonicalJson.of(profile)));
        return CanonicalJson.of(summary);
    }

    /**
     * A rules change (payload of RULES_CHANGED): {@code digest} and {@code previous_digest} (null at
     * start-up), the {@link RulesDiff} ({@code added}, {@code removed}, {@code changed},
     * {@code false_alarm_target_changed}), {@code rule_count}, and {@code rules}, the new rule set's
     * canonical form as an object; written compactly, {@code rules} is byte for byte
     * {@link RuleSet#canonicalForm()}, so its SHA-256 can be checked against {@code digest}.
     *
     * @param previous the rules in force until now, or null at start-up
     * @param current  the rules in force from now
     */
    public static String rulesChanged(RuleSet previous, RuleSet current) {
        RulesDiff diff = RulesDiff.between(previous, current);
        ObjectNode payload = CanonicalJson.object();
        payload.put("digest", current.digest());
        payload.put("previous_digest", previous == null ? null : previous.digest());
        payload.put("rule_count", current.rules().size());
        ArrayNode added = payload.putArray("added");
        diff.added().forEach(added::add);
        ArrayNode removed = payload.putArray("removed");
        diff.removed().forEach(removed::add);
        ArrayNode changed = payload.putArray("changed");
        diff.changed().forEach(changed::add);
        payload.put("false_alarm_target_changed", diff.falseAlarmTargetChanged());
        payload.set("rules", CanonicalJson.parse(current.canonicalForm()));
        return CanonicalJson.of(payload);
    }

    /**
     * The dead letters of one input partition's task over one window of wall-clock time (payload of INPUT_REJECTED):
     * {@code counts} by {@code <source topic>/<reason>}, {@code source}, and the window's start and end.
     */
    public static String inputRejected(String source, Instant windowStart, Instant windowEnd, Map<String, Long> counts) {
        ObjectNode payload = CanonicalJson.object();
        ObjectNode byReason = payload.putObject("counts");
        counts.forEach(byReason::put);
        payload.put("source", source);
        payload.put("window_end", windowEnd.toString());
        payload.put("window_start", windowStart.toString());
        return CanonicalJson.of(payload);
    }

    /** Any generated Avro record in the same canonical JSON. */
    public static String canonicalJson(org.apache.avro.specific.SpecificRecordBase record) {
        return CanonicalJson.of(record);
    }

    private static JsonNode numeric(NumericFeatureProfile feature) {
        if (feature == null) {
            return null;
        }
        ObjectNode node = CanonicalJson.object();
        node.put("count", feature.getCount());
        node.put("missing", feature.getMissing());
        node.put("non_finite", feature.getNonFinite());
        node.put("mean", feature.getMean());
        node.put("std_dev", feature.getStdDev());
        node.put("min", feature.getMin());
        node.put("max", feature.getMax());
        node.put("distinct_values", feature.getDistinctValues());
        return node;
    }

    private static JsonNode categorical(CategoricalFeatureProfile feature) {
        if (feature == null) {
            return null;
        }
        ObjectNode node = CanonicalJson.object();
        node.put("count", feature.getCount());
        node.put("missing", feature.getMissing());
        node.put("categories", feature.getFrequencies().size());
        node.put("other_count", feature.getOtherCount());
        ObjectNode frequencies = node.putObject("frequencies");
        for (Map.Entry<String, Long> entry : new TreeMap<>(feature.getFrequencies()).entrySet()) {
            frequencies.put(entry.getKey(), entry.getValue());
        }
        return node;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
