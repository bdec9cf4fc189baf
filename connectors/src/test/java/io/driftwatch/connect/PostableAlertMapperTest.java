package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostableAlertMapperTest {

    private static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");
    private static final Duration VALIDITY = Duration.ofMinutes(4);

    private final ConnectAlertReader reader = new ConnectAlertReader();
    private final PostableAlertMapper mapper = new PostableAlertMapper("", VALIDITY);

    @Test
    void labelsIdentifyTheAlertAndCarryTheRuleLabels() {
        PostableAlert posted = mapper.map(firing(), NOW);

        assertThat(posted.labels()).containsOnly(
                Map.entry("alertname", "feature-drift"),
                Map.entry("model", "fraud-scorer"),
                Map.entry("version", "v3"),
                Map.entry("feature", "amount"),
                Map.entry("severity", "critical"),
                Map.entry("team", "risk-ml"),
                Map.entry("service", "payments"));
    }

    @Test
    void segmentIsALabelWhenSetAndEmptyValuesAreLeftOut() {
        Map<String, Object> alert = SampleAlerts.firing("fp-1", "fairness-gap");
        alert.put("feature", null);
        alert.put("segment", "region=eu");
        alert.put("labels", Map.of("team", "", "tier", "1"));

        Map<String, String> labels = mapper.map(reader.read(alert), NOW).labels();

        assertThat(labels).containsEntry("segment", "region=eu").doesNotContainKeys("feature", "team")
                .containsEntry("tier", "1");
    }

    @Test
    void ruleLabelsCannotReplaceIdentityLabelsAndInvalidNamesAreSanitized() {
        Map<String, Object> alert = SampleAlerts.firing("fp-1", "feature-drift");
        alert.put("labels", Map.of("alertname", "spoofed", "severity", "page", "team-name", "risk", "2nd", "x"));

        Map<String, String> labels = mapper.map(reader.read(alert), NOW).labels();

        assertThat(labels).containsEntry("alertname", "feature-drift").containsEntry("severity", "critical")
                .containsEntry("team_name", "risk").containsEntry("_2nd", "x");
        assertThat(labels.keySet()).allMatch(name -> name.matches("[a-zA-Z_][a-zA-Z0-9_]*"));
    }

    @Test
    void annotationsCarrySummaryEvidenceAndRunbook() {
        Map<String, String> annotations = mapper.map(firing(), NOW).annotations();

        assertThat(annotations).containsEntry("summary", "fraud-scorer v3: feature amount drifted (PSI 0.31 >= 0.25)")
                .containsEntry("runbook_url", "https://runbooks.example.com/drift")
                .containsEntry("observed_value", "0.3112")
                .containsEntry("threshold", "0.25")
                .containsEntry("comparator", ">=")
                .containsEntry("metric", "feature.psi")
                .containsEntry("window_start", "2026-11-22T04:00:00Z")
                .containsEntry("window_end", "2026-11-22T04:05:00Z")
                .containsEntry("fingerprint", "fp-1");
        assertThat(annotations.get("description")).isEqualTo(String.join("\n",
                "feature.psi = 0.3112 (>= 0.25)",
                "window 2026-11-22T04:00:00Z .. 2026-11-22T04:05:00Z",
                "events 1200, samples 1180, windows in breach 2, baseline v3 (training, 50000 rows)",
                "top features:",
                "- amount: psi 0.3112 (threshold 0.25) drifted",
                "- merchant_category: chi_square 41.5 (threshold 0.05, p 0.0004) drifted",
                "sketch_error: 0.0133"));
    }

    @Test
    void firingAlertStaysValidForTheValidityFromNow() {
        PostableAlert posted = mapper.map(firing(), NOW);

        assertThat(posted.startsAt()).isEqualTo(SampleAlerts.WINDOW_END);
        assertThat(posted.endsAt()).isEqualTo(NOW.plus(VALIDITY));
    }

    @Test
    void resolvedAlertEndsAtItsEndsAt() {
        Instant endsAt = Instant.parse("2026-11-22T05:30:00Z");

        PostableAlert posted = mapper.map(reader.read(SampleAlerts.resolved("fp-1", "feature-drift", endsAt)), NOW);

        assertThat(posted.endsAt()).isEqualTo(endsAt);
    }

    @Test
    void resolvedAlertWithoutEndsAtEndsNow() {
        Map<String, Object> alert = SampleAlerts.resolved("fp-1", "feature-drift", NOW);
        alert.put("ends_at", null);

        assertThat(mapper.map(reader.read(alert), NOW).endsAt()).isEqualTo(NOW);
    }

    @Test
    void timesAheadOfTheWorkerClockAreTakenAsNowSoResolvedNeverStaysActive() {
        Map<String, Object> alert = SampleAlerts.resolved("fp-1", "feature-drift", NOW.plusSeconds(90));
        alert.put("starts_at", NOW.plusSeconds(30).toEpochMilli());

        PostableAlert posted = mapper.map(reader.read(alert), NOW);

        assertThat(posted.startsAt()).isEqualTo(NOW);
        assertThat(posted.endsAt()).isEqualTo(NOW);
    }

    @Test
    void resolvedNeverEndsBeforeItStarts() {
        Map<String, Object> alert = SampleAlerts.resolved("fp-1", "feature-drift", SampleAlerts.WINDOW_START);

        PostableAlert posted = mapper.map(reader.read(alert), NOW);

        assertThat(posted.endsAt()).isEqualTo(posted.startsAt()).isEqualTo(SampleAlerts.WINDOW_END);
    }

    @Test
    void generatorUrlTemplateIsFilledUrlEncoded() {
        Map<String, Object> alert = SampleAlerts.firing("fp/1", "feature drift");
        alert.put("model_id", "fraud scorer&co");
        PostableAlertMapper withLink = new PostableAlertMapper(
                "http://driftwatch:8080/models/{model_id}/{model_version}/alerts/{fingerprint}?rule={rule}", VALIDITY);

        assertThat(withLink.map(reader.read(alert), NOW).generatorUrl()).isEqualTo(
                "http://driftwatch:8080/models/fraud%20scorer%26co/v3/alerts/fp%2F1?rule=feature%20drift");
        assertThat(mapper.map(reader.read(alert), NOW).generatorUrl()).isNull();
    }

    private AlertTransition firing() {
        return reader.read(SampleAlerts.firing("fp-1", "feature-drift"));
    }
}
