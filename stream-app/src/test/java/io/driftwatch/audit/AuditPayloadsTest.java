package io.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.alerting.AlertFactory;
import io.driftwatch.alerting.AlertLifecycle;
import io.driftwatch.alerting.AlertState;
import io.driftwatch.alerting.ComparisonOperator;
import io.driftwatch.alerting.Observation;
import io.driftwatch.alerting.Reports;
import io.driftwatch.alerting.Rule;
import io.driftwatch.alerting.RuleSet;
import io.driftwatch.alerting.RulesFile;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.CategoricalFeatureProfile;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.NumericFeatureProfile;
import io.driftwatch.schemas.PredictionKind;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.Severity;
import io.driftwatch.schemas.WindowReport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

class AuditPayloadsTest {

    @Test
    void windowReportsRenderIdenticallyWhateverTheMapOrder() throws Exception {
        WindowReport one = report(List.of("psi", "ks", "wasserstein", "hellinger"), Double.NaN);
        WindowReport two = report(List.of("hellinger", "wasserstein", "ks", "psi"), Double.NaN);

        String json = AuditPayloads.windowReport(one);

        assertThat(AuditPayloads.windowReport(two)).isEqualTo(json);
        assertThat(json).doesNotContain(" ", "\n").contains("\"statistic\":{\"double\":\"NaN\"}");
        assertThat(json.indexOf("\"hellinger\"")).isLessThan(json.indexOf("\"ks\""));
        assertSortedKeys(new ObjectMapper().readTree(json));
    }

    @Test
    void windowReportsDecodeBackWithAvro() throws Exception {
        AvroTrust.trustDriftwatchSchemas();
        WindowReport report = report(List.of("psi", "ks"), 0.2);

        WindowReport decoded = new SpecificDatumReader<WindowReport>(WindowReport.getClassSchema())
                .read(null, DecoderFactory.get().jsonDecoder(WindowReport.getClassSchema(),
                        AuditPayloads.windowReport(report)));

        assertThat(decoded).isEqualTo(report);
    }

    @Test
    void alertsRenderSortedAndDecodeBack() throws Exception {
        AvroTrust.trustDriftwatchSchemas();
        WindowReport report = report(List.of("psi"), 0.31);
        Rule rule = Rule.builder("psi", "feature.psi", ComparisonOperator.GREATER_OR_EQUAL, 0.25, Severity.CRITICAL)
                .labels(Map.of("team", "risk", "area", "drift")).build();
        Observation observation = new Observation("amount", null, 0.31, 800);
        Alert alert = AlertFactory.build(rule, report, observation, "fp", AlertLifecycle.evaluate(rule,
                AlertState.initial(), Optional.of(observation), report.getWindowEnd()), Instant.EPOCH);

        String json = AuditPayloads.alert(alert);

        assertThat(json).startsWith("{\"comparator\":\">=\",\"emitted_at\":0,\"ends_at\":null,\"evidence\":{");
        assertThat(json).contains("\"labels\":{\"area\":\"drift\",\"team\":\"risk\"}");
        assertSortedKeys(new ObjectMapper().readTree(json));
        Alert decoded = new SpecificDatumReader<Alert>(Alert.getClassSchema())
                .read(null, DecoderFactory.get().jsonDecoder(Alert.getClassSchema(), json));
        assertThat(decoded).isEqualTo(alert);
    }

    @Test
    void rejectedInputIsCountedByReasonInSortedKeysWhateverTheMapOrder() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("predictions/MALFORMED_JSON", 3L);
        counts.put("outcomes/MISSING_FIELD", 1L);
        counts.put("predictions/AVRO_DECODE_ERROR", 2L);
        String payload = AuditPayloads.inputRejected("dead-letters-1", Instant.parse("2026-11-22T10:00:00Z"),
            Instant.parse("2026-11-22T10:01:00Z"), counts);
        assertThat(payload).isEqualTo("{\"counts\":{\"outcomes/MISSING_FIELD\":1,\"predictions/AVRO_DECODE_ERROR\":2,"
            + "\"predictions/MALFORMED_JSON\":3},\"source\":\"dead-letters-1\",\"window_end\":\"2026-11-22T10:01:00Z\","
            + "\"window_start\":\"2026-11-22T10:00:00Z\"}");
    }

    @Test
    void rulesChangesCarryTheRulesWhoseHashIsTheDigest() throws Exception {
        RuleSet before = RulesFile.defaults();
        RuleSet after = RulesFile.parse("rules.yaml", RulesFile.defaultsYaml()
                .replace("threshold: 500", "threshold: 400")
                .replace("  - name: concept-drift", "  - name: concept-drift-any"));

        JsonNode payload = new ObjectMapper().readTree(AuditPayloads.rulesChanged(before, after));

        assertThat(payload.get("digest").asText()).isEqualTo(after.digest());
        assertThat(payload.get("previous_digest").asText()).isEqualTo(before.digest());
        assertThat(payload.get("added").toString()).isEqualTo("[\"concept-drift-any\"]");
        assertThat(payload.get("removed").toString()).isEqualTo("[\"concept-drift\"]");
        assertThat(payload.get("changed").toString()).isEqualTo("[\"latency-p99\"]");
        assertThat(payload.get("false_alarm_target_changed").asBoolean()).isFalse();
        assertThat(payload.get("rule_count").asInt()).isEqualTo(15);
        String rules = new ObjectMapper().writeValueAsString(payload.get("rules"));
        assertThat(rules).isEqualTo(after.canonicalForm());
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(rules.getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(hash)).isEqualTo(payload.get("digest").asText());
        assertThat(new ObjectMapper().readTree(AuditPayloads.rulesChanged(null, after)).get("previous_digest").isNull())
                .isTrue();
    }

    @Test
    void referenceProfilesAreSummarisedWithoutSketchesButPinnedByHash() throws Exception {
        ReferenceProfile one = profile(List.of("amount", "age"), List.of("eu", "us", "apac"));
        ReferenceProfile two = profile(List.of("age", "amount"), List.of("apac", "us", "eu"));

        String json = AuditPayloads.referenceProfileSummary(one);

        assertThat(AuditPayloads.referenceProfileSummary(two)).isEqualTo(json);
        assertThat(json).doesNotContain("kll_sketch");
        JsonNode summary = new ObjectMapper().readTree(json);
        assertSortedKeys(summary);
        assertThat(summary.get("numeric_features").get("amount").get("mean").asDouble()).isEqualTo(12.5);
        assertThat(summary.get("categorical_features").get("region").get("categories").asInt()).isEqualTo(3);
        assertThat(summary.get("row_count").asLong()).isEqualTo(10_000);
        byte[] hash = MessageDigest.getInstance("SHA-256")
                .digest(AuditPayloads.canonicalJson(one).getBytes(StandardCharsets.UTF_8));
        assertThat(summary.get("profile_sha256").asText()).isEqualTo(HexFormat.of().formatHex(hash));

        ReferenceProfile changedSketch = profile(List.of("amount", "age"), List.of("eu", "us", "apac"));
        changedSketch.getNumericFeatures().get("age").setKllSketch(ByteBuffer.wrap(new byte[] {9, 9}));
        assertThat(new ObjectMapper().readTree(AuditPayloads.referenceProfileSummary(changedSketch))
                .get("profile_sha256").asText()).isNotEqualTo(summary.get("profile_sha256").asText());
    }

    private static void assertSortedKeys(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            assertThat(names).isSorted();
            node.elements().forEachRemaining(AuditPayloadsTest::assertSortedKeys);
        } else if (node.isArray()) {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                assertSortedKeys(it.next());
            }
        }
    }

    /** A report whose statistics maps are filled in the given order. */
    private static WindowReport report(List<String> statisticOrder, double amountStatistic) {
        Map<String, Double> statistics = new LinkedHashMap<>();
        statisticOrder.forEach(name -> statistics.put(name, name.length() / 10.0));
        FeatureDrift amount = Reports.drift("amount", "psi", amountStatistic, null, 0.1,
                io.driftwatch.schemas.Verdict.NO_DRIFT, Map.of());
        amount.setStatistics(new HashMap<>(statistics));
        amount.setErrorBounds(new LinkedHashMap<>(statistics));
        return Reports.withFeatures(Reports.window("fraud-scorer", "3", 0), List.of(amount)).build();
    }

    private static ReferenceProfile profile(List<String> numericOrder, List<String> regionOrder) {
        Map<String, NumericFeatureProfile> numeric = new LinkedHashMap<>();
        for (String name : numericOrder) {
            numeric.put(name, NumericFeatureProfile.newBuilder().setCount(10_000).setMissing(3).setNonFinite(0)
                    .setMean(name.equals("amount") ? 12.5 : 41).setStdDev(3).setMin(0).setMax(99)
                    .setDistinctValues(20).setValueCounts(new HashMap<>())
                    .setKllSketch(ByteBuffer.wrap(name.getBytes(StandardCharsets.UTF_8))).build());
        }
        Map<String, Long> frequencies = new LinkedHashMap<>();
        regionOrder.forEach(region -> frequencies.put(region, (long) region.length() * 1000));
        CategoricalFeatureProfile region = CategoricalFeatureProfile.newBuilder().setCount(10_000).setMissing(0)
                .setFrequencies(frequencies).setOtherCount(0).build();
        return ReferenceProfile.newBuilder()
                .setModelId("fraud-scorer")
                .setModelVersion("3")
                .setCreatedAt(Instant.parse("2026-11-15T00:00:00Z"))
                .setSource(BaselineSource.TRAINING_DATA)
                .setDescription("train.parquet")
                .setRowCount(10_000)
                .setKllK(200)
                .setNumericFeatures(numeric)
                .setCategoricalFeatures(new HashMap<>(Map.of("region", region)))
                .setPredictionKind(PredictionKind.BINARY)
                .setPredictionNumeric(null)
                .setPredictionClasses(null)
                .setLabelNumeric(null)
                .setLabelClasses(null)
                .setBaselineQuality(new HashMap<>(Map.of("accuracy", 0.92, "roc_auc", 0.95)))
                .build();
    }
}
