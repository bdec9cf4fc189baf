package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookBodiesTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ConnectAlertReader reader = new ConnectAlertReader();

    @Test
    void genericJsonIsTheAlertWithSchemaFieldNamesAndIsoTimes() throws Exception {
        JsonNode body = json.readTree(json.writeValueAsBytes(
                new AlertJsonMapper(json).toJson(reader.read(SampleAlerts.firing("fp-1", "feature-drift")))));

        assertThat(body.get("fingerprint").asText()).isEqualTo("fp-1");
        assertThat(body.get("model_id").asText()).isEqualTo("fraud-scorer");
        assertThat(body.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(body.get("status").asText()).isEqualTo("FIRING");
        assertThat(body.get("observed_value").asDouble()).isEqualTo(0.3112);
        assertThat(body.get("window_start").asText()).isEqualTo("2026-11-22T04:00:00Z");
        assertThat(body.get("starts_at").asText()).isEqualTo("2026-11-22T04:05:00Z");
        assertThat(body.get("ends_at").isNull()).isTrue();
        assertThat(body.get("segment").isNull()).isTrue();
        assertThat(body.at("/evidence/top_features/1/p_value").asDouble()).isEqualTo(0.0004);
        assertThat(body.at("/evidence/top_features/0/p_value").isNull()).isTrue();
        assertThat(body.at("/evidence/details/sketch_error").asText()).isEqualTo("0.0133");
        assertThat(body.at("/labels/team").asText()).isEqualTo("risk-ml");
        assertThat(body.get("runbook_url").asText()).isEqualTo("https://runbooks.example.com/drift");
        assertThat(fieldNames(body)).containsExactly("fingerprint", "model_id", "model_version", "rule", "metric",
                "feature", "segment", "severity", "status", "observed_value", "threshold", "comparator",
                "window_start", "window_end", "starts_at", "ends_at", "emitted_at", "summary", "evidence", "labels",
                "runbook_url");
    }

    @Test
    void slackMessageHasFallbackTextAndBlocks() throws Exception {
        JsonNode message = json.readTree(json.writeValueAsBytes(
                new SlackMessageMapper(json).toMessage(reader.read(SampleAlerts.firing("fp-1", "feature-drift")))));

        assertThat(message.get("text").asText())
                .isEqualTo("[FIRING] CRITICAL: fraud-scorer v3: feature amount drifted (PSI 0.31 &gt;= 0.25)");
        JsonNode blocks = message.get("blocks");
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.at("/0/text/text").asText())
                .isEqualTo(":rotating_light: FIRING: feature-drift on fraud-scorer v3");
        assertThat(blocks.at("/1/text/text").asText()).startsWith("*fraud-scorer v3: feature amount drifted");
        List<String> fields = new ArrayList<>();
        blocks.get(2).get("fields").forEach(field -> fields.add(field.get("text").asText()));
        assertThat(fields).contains("*Model*\nfraud-scorer v3", "*Severity*\nCRITICAL",
                "*Condition*\nfeature.psi = 0.3112 (&gt;= 0.25)", "*Feature*\namount");
        assertThat(fields).hasSizeLessThanOrEqualTo(10);
        assertThat(blocks.at("/3/text/text").asText()).isEqualTo("*Top drifted features*\n"
                + "• amount: psi 0.3112 (threshold 0.25) drifted\n"
                + "• merchant_category: chi_square 41.5 (threshold 0.05, p 0.0004) drifted");
        assertThat(blocks.at("/4/type").asText()).isEqualTo("context");
        assertThat(blocks.at("/4/elements/0/text").asText())
                .isEqualTo("<https://runbooks.example.com/drift|Runbook> · fingerprint `fp-1`");
    }

    @Test
    void slackMessageOfAResolvedAlertSaysSo() {
        JsonNode message = new SlackMessageMapper(json).toMessage(reader.read(
                SampleAlerts.resolved("fp-1", "feature-drift", SampleAlerts.WINDOW_END.plusSeconds(600))));

        assertThat(message.get("text").asText()).startsWith("[RESOLVED] CRITICAL:");
        assertThat(message.at("/blocks/0/text/text").asText()).startsWith(":white_check_mark: RESOLVED:");
    }

    @Test
    void slackTextIsEscapedAndCutToBlockKitLimits() {
        Map<String, Object> alert = SampleAlerts.firing("fp-1", "r".repeat(400));
        alert.put("summary", "<!channel> & " + "x".repeat(5000));

        JsonNode message = new SlackMessageMapper(json).toMessage(reader.read(alert));

        assertThat(message.at("/blocks/0/text/text").asText()).hasSize(150).endsWith("…");
        assertThat(message.at("/blocks/1/text/text").asText()).startsWith("*&lt;!channel&gt; &amp; x")
                .hasSize(3000);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
