package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class AlertFingerprintTest {

    /** Vectors from fingerprint_vectors.py (Python's hashlib, written from the documented definition). */
    @Test
    void matchesTheIndependentPythonVectors() throws Exception {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("fingerprint-vectors.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        AlertFingerprint fingerprints = new AlertFingerprint();

        assertThat(vectors).hasSize(6);
        for (JsonNode vector : vectors) {
            assertThat(fingerprints.of(vector.get("model_id").asText(), vector.get("model_version").asText(),
                    vector.get("rule").asText(), text(vector.get("feature")), text(vector.get("segment"))))
                    .as(vector.toString())
                    .isEqualTo(vector.get("fingerprint").asText());
        }
    }

    @Test
    void separatesFieldsUnambiguously() {
        AlertFingerprint fingerprints = new AlertFingerprint();
        String base = fingerprints.of("m", "1", "r", "ab", null);

        assertThat(fingerprints.of("m", "1", "r", "ab", null)).isEqualTo(base).hasSize(32).matches("[0-9a-f]{32}");
        assertThat(fingerprints.of("m", "1", "ra", "b", null)).isNotEqualTo(base);
        assertThat(fingerprints.of("m", "1", "r", "", "ab")).isNotEqualTo(fingerprints.of("m", "1", "r", "ab", ""));
        assertThat(fingerprints.of("m", "1", "r", "", null)).isNotEqualTo(fingerprints.of("m", "1", "r", null, null));
        assertThat(fingerprints.of("m", "2", "r", "ab", null)).isNotEqualTo(base);
    }

    private static String text(JsonNode node) {
        return node.isNull() ? null : node.asText();
    }
}
