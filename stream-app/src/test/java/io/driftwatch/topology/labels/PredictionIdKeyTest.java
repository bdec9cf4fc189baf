package io.driftwatch.topology.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.ingest.KeyRule;
import io.driftwatch.ingest.Rejection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PredictionIdKeyTest {

    @Test
    void aKeyIsThePredictionIdOnlyWhenItIsItsUtf8Bytes() {
        assertThat(PredictionIdKey.matches("p-17".getBytes(StandardCharsets.UTF_8), "p-17")).isTrue();
        assertThat(PredictionIdKey.matches("p-18".getBytes(StandardCharsets.UTF_8), "p-17")).isFalse();
        assertThat(PredictionIdKey.matches("p-17x".getBytes(StandardCharsets.UTF_8), "p-17")).isFalse();
        assertThat(PredictionIdKey.matches("p-1".getBytes(StandardCharsets.UTF_8), "p-17")).isFalse();
        assertThat(PredictionIdKey.matches(null, "p-17")).isFalse();
        assertThat(PredictionIdKey.matches(new byte[0], "")).isTrue();
        // Non-ASCII ids: compared as UTF-8, as a string serializer writes them.
        assertThat(PredictionIdKey.matches("prévision-ü".getBytes(StandardCharsets.UTF_8), "prévision-ü")).isTrue();
        assertThat(PredictionIdKey.matches("prévision-ü".getBytes(StandardCharsets.ISO_8859_1), "prévision-ü")).isFalse();
        assertThat(PredictionIdKey.matches("ab".getBytes(StandardCharsets.UTF_8), "é")).isFalse();
    }

    @Test
    void theRuleAcceptsTheIdAndRefusesAnythingElseNamingTheKeyTheIdAndTheFix() {
        KeyRule<String> rule = PredictionIdKey.required(id -> id);
        assertThat(rule.check("p-17".getBytes(StandardCharsets.UTF_8), "p-17")).isNull();

        Rejection tenant = rule.check("tenant-3".getBytes(StandardCharsets.UTF_8), "p-17");
        assertThat(tenant.reason()).isEqualTo("NOT_KEYED_BY_PREDICTION_ID");
        assertThat(tenant.exceptionClass()).isNull();
        assertThat(tenant.message()).contains("key is \"tenant-3\"", "prediction id \"p-17\"",
            "labels.join.layout=co-partitioned-strict", "set labels.join.layout=co-partitioned");

        assertThat(rule.check(null, "p-17").message()).contains("key is absent");
        assertThat(rule.check(new byte[] {(byte) 0xff, 0x01}, "p-17").message()).contains("key is not UTF-8 (2 bytes)");
        String longKey = "k".repeat(300);
        assertThat(rule.check(longKey.getBytes(StandardCharsets.UTF_8), "p-17").message())
            .contains("\"" + "k".repeat(64) + "...\" (300 bytes)")
            .doesNotContain("k".repeat(65));
    }
}
