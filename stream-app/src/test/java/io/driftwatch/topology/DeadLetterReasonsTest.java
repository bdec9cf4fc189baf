package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.ingest.DeadLetterHeaders;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad input, sent to a running topology with the application's own serdes, comes out
 * on the dead-letter topic with the reason docs/producers.md gives for it — for JSON-only input
 * without a registry, Avro-only input, and mixed input with a registry. The dead letter keeps the
 * original bytes (or, for a record above {@code input.max.record.bytes}, their first 16 KiB and the
 * original size).
 */
class DeadLetterReasonsTest {

    private static final Instant NOW = Instant.now();

    /** A bad input and the reason expected per input.format (json, avro, auto). */
    private record Case(String name, byte[] value, String json, String avro, String auto) {
        String expected(String format) {
            return switch (format) {
                case "json" -> json;
                case "avro" -> avro;
                default -> auto;
            };
        }
    }

    private static List<Case> cases() {
        PredictionEventJsonCodec codec = new PredictionEventJsonCodec();
        PredictionEvent valid = PredictionEvent.newBuilder().setPredictionId("p1").setModelId("m").setModelVersion("1")
            .setEventTime(NOW).setFeatures(Map.of("x", 1.0))
            .setPrediction(Prediction.newBuilder().setScore(0.5).build()).build();
        String json = new String(codec.encode(valid), StandardCharsets.UTF_8);
        byte[] random = new byte[64];
        new java.util.Random(1).nextBytes(random);
        random[0] = 0x37;
        byte[] large = new byte[40_000];
        java.util.Arrays.fill(large, (byte) 'x');
        large[0] = '{';
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("empty", new byte[0], "EMPTY", "EMPTY", "EMPTY"));
        cases.add(new Case("null value", null, "NULL_VALUE", "NULL_VALUE", "NULL_VALUE"));
        cases.add(new Case("random binary", random, "BAD_MAGIC_BYTE", "BAD_MAGIC_BYTE", "BAD_MAGIC_BYTE"));
        cases.add(new Case("white space", "  \n ".getBytes(StandardCharsets.UTF_8), "BAD_MAGIC_BYTE", "BAD_MAGIC_BYTE", "BAD_MAGIC_BYTE"));
        cases.add(new Case("JSON array", ("[" + json + "]").getBytes(StandardCharsets.UTF_8), "BAD_MAGIC_BYTE", "BAD_MAGIC_BYTE", "BAD_MAGIC_BYTE"));
        cases.add(new Case("broken JSON", "{\"prediction_id\": ".getBytes(StandardCharsets.UTF_8), "MALFORMED_JSON", "FORMAT_NOT_ALLOWED", "MALFORMED_JSON"));
        cases.add(new Case("JSON without model_id", json.replace("\"model_id\":\"m\",", "").getBytes(StandardCharsets.UTF_8),
            "MISSING_FIELD", "FORMAT_NOT_ALLOWED", "MISSING_FIELD"));
        cases.add(new Case("JSON with a number as model_id", json.replace("\"model_id\":\"m\"", "\"model_id\":7").getBytes(StandardCharsets.UTF_8),
            "WRONG_TYPE", "FORMAT_NOT_ALLOWED", "WRONG_TYPE"));
        byte[] negativeLatency = codec.encode(PredictionEvent.newBuilder(valid).setLatencyMs(-1.0).build());
        cases.add(new Case("JSON with negative latency", negativeLatency, "NEGATIVE_LATENCY", "FORMAT_NOT_ALLOWED", "NEGATIVE_LATENCY"));
        cases.add(new Case("wire format, unknown schema id", new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 4}, "FORMAT_NOT_ALLOWED",
            "UNKNOWN_SCHEMA_ID", "UNKNOWN_SCHEMA_ID"));
        cases.add(new Case("wire format, truncated header", new byte[] {0, 0, 1}, "FORMAT_NOT_ALLOWED", "TRUNCATED", "TRUNCATED"));
        cases.add(new Case("record above input.max.record.bytes", large, "TOO_LARGE", "TOO_LARGE", "TOO_LARGE"));
        return cases;
    }

    @ParameterizedTest(name = "input.format={0}")
    @ValueSource(strings = {"json", "avro", "auto"})
    void everyKindOfBadInputIsDeadLetteredWithItsDocumentedReason(String format) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("input.format", format);
        props.put("input.max.record.bytes", "32768");
        if (!format.equals("json")) {
            props.put("schema.registry.url", "mock://dead-letter-reasons-" + format);
        }
        DriftwatchConfig config = DriftwatchConfig.from(props);
        try (IngestRig rig = new IngestRig("dead-letter-reasons", config, NOW)) {
            Map<String, String> expected = new LinkedHashMap<>();
            Map<String, String> actual = new LinkedHashMap<>();
            for (Case c : cases()) {
                rig.predictions.pipeInput(c.name().getBytes(StandardCharsets.UTF_8), c.value(), NOW);
                List<TestRecord<byte[], byte[]>> out = rig.deadLetters.readRecordsToList();
                expected.put(c.name(), c.expected(format));
                actual.put(c.name(), out.size() != 1 ? out.size() + " dead letters"
                    : DeadLetterHeaders.get(out.get(0).headers(), DeadLetterHeaders.REASON));
                if (out.size() == 1) {
                    TestRecord<byte[], byte[]> dead = out.get(0);
                    assertThat(new String(dead.key(), StandardCharsets.UTF_8)).as("key of " + c.name()).isEqualTo(c.name());
                    assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("predictions");
                    assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.MESSAGE)).as("message of " + c.name()).isNotBlank();
                    if ("TOO_LARGE".equals(c.expected(format))) {
                        assertThat(dead.value()).hasSize(16_384).isEqualTo(java.util.Arrays.copyOf(c.value(), 16_384));
                        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.ORIGINAL_SIZE))
                            .isEqualTo(Integer.toString(c.value().length + c.name().length()));
                    } else {
                        assertThat(dead.value()).as("original bytes of " + c.name()).isEqualTo(c.value());
                    }
                }
            }
            assertThat(actual).as("reason per bad input, input.format=" + format).isEqualTo(expected);
        }
    }
}
