package io.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.AuditType;
import java.io.InputStream;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checked against audit-vectors.json, made by audit_vectors.py from the definition in docs/audit.md. */
class AuditCanonicalEncodingTest {

    private static JsonNode vectors;

    @BeforeAll
    static void readVectors() throws Exception {
        try (InputStream in = AuditCanonicalEncodingTest.class.getResourceAsStream("audit-vectors.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void encodesAndHashesLikeTheIndependentPythonImplementation() {
        AuditHasher hasher = new AuditHasher();
        assertThat(vectors).hasSize(2);
        for (JsonNode vector : vectors) {
            byte[] canonical = AuditCanonicalEncoding.encode(vector.get("model_id").asText(),
                    vector.get("sequence").asLong(), AuditType.valueOf(vector.get("type").asText()),
                    vector.get("time_ms").asLong(), vector.get("subject").asText(), vector.get("payload").asText(),
                    vector.get("previous_hash").asText());

            assertThat(HexFormat.of().formatHex(canonical)).isEqualTo(vector.get("canonical_hex").asText());
            assertThat(hasher.hash(vector.get("model_id").asText(), vector.get("sequence").asLong(),
                    AuditType.valueOf(vector.get("type").asText()), vector.get("time_ms").asLong(),
                    vector.get("subject").asText(), vector.get("payload").asText(),
                    vector.get("previous_hash").asText()))
                    .isEqualTo(vector.get("hash").asText());
        }
    }

    @Test
    void theChainProducesTheWorkedExample() {
        AuditChain chain = new AuditChain();
        JsonNode first = vectors.get(0);
        JsonNode second = vectors.get(1);

        AuditChain.Appended one = chain.append(ChainHead.genesis("m1"), AuditType.BASELINE_SET,
                Instant.ofEpochMilli(first.get("time_ms").asLong()), "v1", "{}");
        AuditChain.Appended two = chain.append(one.head(), AuditType.ALERT_FIRED,
                Instant.ofEpochMilli(second.get("time_ms").asLong()), second.get("subject").asText(),
                second.get("payload").asText());

        assertThat(one.record().getHash()).isEqualTo(first.get("hash").asText());
        assertThat(two.record().getPreviousHash()).isEqualTo(first.get("hash").asText());
        assertThat(two.record().getHash()).isEqualTo(second.get("hash").asText());
        assertThat(HexFormat.of().formatHex(AuditCanonicalEncoding.encode(two.record())))
                .isEqualTo(second.get("canonical_hex").asText());
    }

    @Test
    void refusesAMalformedPreviousHash() {
        AuditHasher hasher = new AuditHasher();

        assertThatThrownBy(() -> hasher.hash("m", 0, AuditType.BASELINE_SET, 0, "", "{}", "0".repeat(63)))
                .hasMessageContaining("64 lowercase hex digits");
        assertThatThrownBy(() -> hasher.hash("m", 0, AuditType.BASELINE_SET, 0, "", "{}", "A".repeat(64)))
                .hasMessageContaining("64 lowercase hex digits");
        assertThat(AuditHasher.isHash(ChainHead.GENESIS_HASH)).isTrue();
    }

    @Test
    void everyFieldChangesTheHash() {
        AuditHasher hasher = new AuditHasher();
        String zeros = ChainHead.GENESIS_HASH;
        String base = hasher.hash("m", 1, AuditType.WINDOW_EVALUATED, 5, "s", "{}", zeros);

        assertThat(java.util.List.of(
                hasher.hash("n", 1, AuditType.WINDOW_EVALUATED, 5, "s", "{}", zeros),
                hasher.hash("m", 2, AuditType.WINDOW_EVALUATED, 5, "s", "{}", zeros),
                hasher.hash("m", 1, AuditType.ALERT_FIRED, 5, "s", "{}", zeros),
                hasher.hash("m", 1, AuditType.WINDOW_EVALUATED, 6, "s", "{}", zeros),
                hasher.hash("m", 1, AuditType.WINDOW_EVALUATED, 5, "t", "{}", zeros),
                hasher.hash("m", 1, AuditType.WINDOW_EVALUATED, 5, "s", "{ }", zeros),
                hasher.hash("m", 1, AuditType.WINDOW_EVALUATED, 5, "", "s{}", zeros),
                hasher.hash("m", 1, AuditType.WINDOW_EVALUATED, 5, "s", "{}", "1" + zeros.substring(1))))
                .doesNotContain(base).doesNotHaveDuplicates();
    }

    @Test
    void aRecordSurvivesAvroBinaryWithItsHashIntact() throws Exception {
        AvroTrust.trustDriftwatchSchemas();
        AuditRecord record = new AuditChain().append(ChainHead.genesis("m"), AuditType.RULES_CHANGED,
                Instant.parse("2026-11-22T10:00:00.123456Z"), "rules", "{\"digest\":\"x\"}").record();

        AuditRecord decoded = AuditRecord.getDecoder().decode(AuditRecord.getEncoder().encode(record));

        assertThat(decoded).isEqualTo(record);
        assertThat(decoded.getTime()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123Z"));
        assertThat(new AuditHasher().hash(decoded)).isEqualTo(record.getHash());
    }
}
