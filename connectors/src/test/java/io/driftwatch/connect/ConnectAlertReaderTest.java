package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.connect.AlertTransition.FeatureEvidence;
import io.driftwatch.connect.AlertTransition.Severity;
import io.driftwatch.connect.AlertTransition.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class ConnectAlertReaderTest {

    private final ConnectAlertReader reader = new ConnectAlertReader();

    @Test
    void readsSchemalessMapFromJsonConverter() {
        Object value = jsonConverter(false).toConnectData("alerts",
                SampleAlerts.json(SampleAlerts.firing("fp-1", "feature-drift")).getBytes(StandardCharsets.UTF_8)).value();
        assertThat(value).isInstanceOf(Map.class);

        assertIsTheTestAlert(reader.read(value));
    }

    @Test
    void readsStructWithTimestampLogicalTypeFromJsonConverterWithSchemas() {
        Object value = roundTripThroughJsonConverter(alertSchema(true, false));
        assertThat(((Struct) value).get("starts_at")).isInstanceOf(Date.class);

        assertIsTheTestAlert(reader.read(value));
    }

    @Test
    void readsStructWithPlainInt64TimestampsFromJsonConverterWithSchemas() {
        Object value = roundTripThroughJsonConverter(alertSchema(false, false));
        assertThat(((Struct) value).get("starts_at")).isInstanceOf(Long.class);

        assertIsTheTestAlert(reader.read(value));
    }

    @Test
    void readsAvroConverterStyleStruct() {
        // As Confluent's AvroData builds it: named record schemas, enums as strings with
        // io.confluent.connect.avro.Enum parameters, ["null", x] unions as optional x,
        // timestamp-millis as Connect's Timestamp (java.util.Date).
        Schema schema = alertSchema(true, true);
        Struct struct = structOf(schema, SampleAlerts.firing("fp-1", "feature-drift"));
        assertThat(schema.field("severity").schema().parameters()).containsKey("io.confluent.connect.avro.Enum");

        assertIsTheTestAlert(reader.read(struct));
    }

    @Test
    void readsJsonTextFromStringAndByteArrayConverters() {
        String json = SampleAlerts.json(SampleAlerts.firing("fp-1", "feature-drift"));

        assertIsTheTestAlert(reader.read(json));
        assertIsTheTestAlert(reader.read(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void acceptsIsoTimestampsAndLowerCaseEnums() {
        Map<String, Object> alert = SampleAlerts.firing("fp-1", "feature-drift");
        alert.put("starts_at", "2026-11-22T04:05:00Z");
        alert.put("severity", "critical");
        alert.put("status", "resolved");
        alert.put("ends_at", "2026-11-22T05:00:00.250Z");

        AlertTransition read = reader.read(alert);

        assertThat(read.startsAt()).isEqualTo(SampleAlerts.WINDOW_END);
        assertThat(read.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(read.status()).isEqualTo(Status.RESOLVED);
        assertThat(read.endsAt()).isEqualTo(Instant.parse("2026-11-22T05:00:00.250Z"));
    }

    @Test
    void leavesOptionalPartsEmptyWhenAbsent() {
        Map<String, Object> minimal = Map.of("fingerprint", "fp-9", "model_id", "m", "model_version", "1",
                "rule", "latency", "severity", "INFO", "status", "FIRING", "starts_at", 0L);

        AlertTransition read = reader.read(minimal);

        assertThat(read.feature()).isNull();
        assertThat(read.observedValue()).isNull();
        assertThat(read.evidence().topFeatures()).isEmpty();
        assertThat(read.labels()).isEmpty();
        assertThat(read.startsAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void namesTheMissingFieldAndTheLikelyFix() {
        Map<String, Object> alert = SampleAlerts.firing("fp-1", "feature-drift");
        alert.remove("status");

        assertThatThrownBy(() -> reader.read(alert))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'status' is missing")
                .hasMessageContaining("value.converter");
    }

    @Test
    void namesTheNestedFieldOfTheWrongType() {
        Map<String, Object> alert = SampleAlerts.firing("fp-1", "feature-drift");
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) alert.get("evidence");
        evidence.put("event_count", "many");

        assertThatThrownBy(() -> reader.read(alert))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'evidence.event_count' must be an integer");
    }

    @Test
    void rejectsAnUnknownSeverityListingTheAllowedOnes() {
        Map<String, Object> alert = SampleAlerts.firing("fp-1", "feature-drift");
        alert.put("severity", "PAGE");

        assertThatThrownBy(() -> reader.read(alert))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'severity' is 'PAGE', expected one of [INFO, WARNING, CRITICAL]");
    }

    @Test
    void rejectsValuesThatAreNoRecord() {
        assertThatThrownBy(() -> reader.read(42L))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("java.lang.Long")
                .hasMessageContaining("schemas.enable=false");
        assertThatThrownBy(() -> reader.read("not json"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("not a JSON object");
    }

    private static void assertIsTheTestAlert(AlertTransition alert) {
        assertThat(alert.fingerprint()).isEqualTo("fp-1");
        assertThat(alert.modelId()).isEqualTo("fraud-scorer");
        assertThat(alert.modelVersion()).isEqualTo("v3");
        assertThat(alert.rule()).isEqualTo("feature-drift");
        assertThat(alert.metric()).isEqualTo("feature.psi");
        assertThat(alert.feature()).isEqualTo("amount");
        assertThat(alert.segment()).isNull();
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.status()).isEqualTo(Status.FIRING);
        assertThat(alert.observedValue()).isEqualTo(0.3112);
        assertThat(alert.threshold()).isEqualTo(0.25);
        assertThat(alert.comparator()).isEqualTo(">=");
        assertThat(alert.windowStart()).isEqualTo(SampleAlerts.WINDOW_START);
        assertThat(alert.windowEnd()).isEqualTo(SampleAlerts.WINDOW_END);
        assertThat(alert.startsAt()).isEqualTo(SampleAlerts.WINDOW_END);
        assertThat(alert.endsAt()).isNull();
        assertThat(alert.emittedAt()).isEqualTo(SampleAlerts.WINDOW_END.plusSeconds(2));
        assertThat(alert.summary()).startsWith("fraud-scorer v3: feature amount drifted");
        assertThat(alert.evidence().eventCount()).isEqualTo(1200);
        assertThat(alert.evidence().sampleCount()).isEqualTo(1180);
        assertThat(alert.evidence().baselineVersion()).isEqualTo("v3");
        assertThat(alert.evidence().baselineSource()).isEqualTo("training");
        assertThat(alert.evidence().baselineRowCount()).isEqualTo(50000);
        assertThat(alert.evidence().windowsInBreach()).isEqualTo(2);
        assertThat(alert.evidence().topFeatures()).containsExactly(
                new FeatureEvidence("amount", "psi", 0.3112, null, 0.25, "drifted"),
                new FeatureEvidence("merchant_category", "chi_square", 41.5, 0.0004, 0.05, "drifted"));
        assertThat(alert.evidence().details()).containsExactly(Map.entry("sketch_error", "0.0133"));
        assertThat(alert.labels()).containsOnly(Map.entry("team", "risk-ml"), Map.entry("service", "payments"));
        assertThat(alert.runbookUrl()).isEqualTo("https://runbooks.example.com/drift");
    }

    private static JsonConverter jsonConverter(boolean schemas) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", String.valueOf(schemas)), false);
        return converter;
    }

    /** Serializes the test alert with {@code schema} through the real JsonConverter and reads it back. */
    private static Object roundTripThroughJsonConverter(Schema schema) {
        JsonConverter converter = jsonConverter(true);
        Struct struct = structOf(schema, SampleAlerts.firing("fp-1", "feature-drift"));
        byte[] bytes = converter.fromConnectData("alerts", schema, struct);
        SchemaAndValue read = converter.toConnectData("alerts", bytes);
        assertThat(read.value()).isInstanceOf(Struct.class);
        return read.value();
    }

    private static Schema alertSchema(boolean timestampLogical, boolean avroStyle) {
        Schema optionalDouble = Schema.OPTIONAL_FLOAT64_SCHEMA;
        Schema optionalString = Schema.OPTIONAL_STRING_SCHEMA;
        Schema feature = named(SchemaBuilder.struct(), avroStyle, "FeatureEvidence")
                .field("feature", Schema.STRING_SCHEMA)
                .field("test", Schema.STRING_SCHEMA)
                .field("statistic", optionalDouble)
                .field("p_value", optionalDouble)
                .field("threshold", Schema.FLOAT64_SCHEMA)
                .field("verdict", Schema.STRING_SCHEMA)
                .build();
        Schema evidence = named(SchemaBuilder.struct(), avroStyle, "AlertEvidence")
                .field("event_count", Schema.INT64_SCHEMA)
                .field("sample_count", Schema.INT64_SCHEMA)
                .field("baseline_version", optionalString)
                .field("baseline_source", optionalString)
                .field("baseline_row_count", Schema.INT64_SCHEMA)
                .field("windows_in_breach", Schema.INT32_SCHEMA)
                .field("top_features", SchemaBuilder.array(feature).build())
                .field("details", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
                .build();
        return named(SchemaBuilder.struct(), avroStyle, "Alert")
                .field("fingerprint", Schema.STRING_SCHEMA)
                .field("model_id", Schema.STRING_SCHEMA)
                .field("model_version", Schema.STRING_SCHEMA)
                .field("rule", Schema.STRING_SCHEMA)
                .field("metric", Schema.STRING_SCHEMA)
                .field("feature", optionalString)
                .field("segment", optionalString)
                .field("severity", enumSchema(avroStyle, "Severity", "INFO", "WARNING", "CRITICAL"))
                .field("status", enumSchema(avroStyle, "AlertStatus", "FIRING", "RESOLVED"))
                .field("observed_value", Schema.FLOAT64_SCHEMA)
                .field("threshold", Schema.FLOAT64_SCHEMA)
                .field("comparator", Schema.STRING_SCHEMA)
                .field("window_start", timestamp(timestampLogical, false))
                .field("window_end", timestamp(timestampLogical, false))
                .field("starts_at", timestamp(timestampLogical, false))
                .field("ends_at", timestamp(timestampLogical, true))
                .field("emitted_at", timestamp(timestampLogical, false))
                .field("summary", Schema.STRING_SCHEMA)
                .field("evidence", evidence)
                .field("labels", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
                .field("runbook_url", optionalString)
                .build();
    }

    private static SchemaBuilder named(SchemaBuilder builder, boolean avroStyle, String name) {
        return avroStyle ? builder.name("io.driftwatch.schemas." + name) : builder;
    }

    private static Schema enumSchema(boolean avroStyle, String name, String... symbols) {
        SchemaBuilder builder = SchemaBuilder.string();
        if (avroStyle) {
            builder.parameter("io.confluent.connect.avro.Enum", "io.driftwatch.schemas." + name);
            for (String symbol : symbols) {
                builder.parameter("io.confluent.connect.avro.Enum." + symbol, symbol);
            }
        }
        return builder.build();
    }

    private static Schema timestamp(boolean logical, boolean optional) {
        SchemaBuilder builder = logical ? Timestamp.builder() : SchemaBuilder.int64();
        return optional ? builder.optional().build() : builder.build();
    }

    /** Fills a Struct of {@code schema} from the test alert's JSON-shaped map. */
    @SuppressWarnings("unchecked")
    private static Struct structOf(Schema schema, Map<String, Object> values) {
        Struct struct = new Struct(schema);
        for (org.apache.kafka.connect.data.Field field : schema.fields()) {
            Object value = values.get(field.name());
            if (value == null) {
                continue;
            }
            Schema fieldSchema = field.schema();
            if (fieldSchema.type() == Schema.Type.STRUCT) {
                value = structOf(fieldSchema, (Map<String, Object>) value);
            } else if (fieldSchema.type() == Schema.Type.ARRAY && fieldSchema.valueSchema().type() == Schema.Type.STRUCT) {
                value = ((List<Map<String, Object>>) value).stream()
                        .map(item -> structOf(fieldSchema.valueSchema(), item)).toList();
            } else if (Timestamp.LOGICAL_NAME.equals(fieldSchema.name())) {
                value = new Date(((Number) value).longValue());
            } else if (fieldSchema.type() == Schema.Type.INT32) {
                value = ((Number) value).intValue();
            } else if (fieldSchema.type() == Schema.Type.INT64) {
                value = ((Number) value).longValue();
            }
            struct.put(field, value);
        }
        struct.validate();
        return struct;
    }
}
