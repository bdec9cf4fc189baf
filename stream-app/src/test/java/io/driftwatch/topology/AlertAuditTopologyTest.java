package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.RulesSource;
import io.driftwatch.audit.AuditChainVerifier;
import io.driftwatch.audit.VerificationReport;
import io.driftwatch.baseline.ReferenceProfileFactory;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.AuditType;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert lifecycle and the audit chain through the whole topology: a drift that lasts fires one alert
 * (no storm while it lasts) and resolves it once after it ends; every report, transition, baseline,
 * rules change and dead-letter summary is a link of a chain that verifies.
 */
class AlertAuditTopologyTest {

    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;
    private Path rulesFile;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> predictions;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, AuditRecord> audit;
    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private int ids;

    private static final String RULES = """
        version: 1
        rules:
          - name: amount-shift
            metric: feature.wasserstein
            feature: amount
            comparator: ">="
            threshold: 0.5
            severity: critical
            for: 2
            resolve_after: 2
            runbook_url: https://runbooks.example/amount
        """;

    @BeforeEach
    void start() throws IOException {
        rulesFile = dir.resolve("rules.yaml");
        Files.writeString(rulesFile, RULES);
        Map<String, String> props = new HashMap<>();
        props.put("window.size", "1m");
        props.put("window.grace", "0s");
        props.put("window.idle.timeout", "10m");
        props.put("drift.min.sample.size", "100");
        props.put("baseline.capture", "off");
        props.put("labels.enabled", "false");
        props.put("labels.horizon", "3m");
        props.put("rules.file", rulesFile.toString());
        props.put("rules.reload.interval", "1s");
        DriftwatchConfig config = DriftwatchConfig.from(props);
        Properties streams = TestDriverProperties.forApplication("alert-audit-test");
        driver = new TopologyTestDriver(DriftwatchTopology.build(config,
            TopologyDependencies.of(serdes, metrics, RulesSource.watching(rulesFile), java.time.Clock.systemUTC(), 1000),
            TopologyStores.defaults(), false), streams, Instant.ofEpochMilli(T0));
        predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic("alerts", new StringDeserializer(), serdes.alertSerde.deserializer());
        audit = driver.createOutputTopic("audit", new StringDeserializer(), serdes.auditSerde.deserializer());
        publishBaseline();
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void publishBaseline() {
        Random rnd = new Random(1);
        WindowProfile reference = new WindowProfile(ProfileSettings.defaults());
        for (int i = 0; i < 2000; i++) {
            reference.addFeature("amount", rnd.nextGaussian());
            reference.addFeature("age", rnd.nextGaussian());
            reference.countEvent(false);
        }
        ReferenceProfile profile = ReferenceProfileFactory.fromProfile("fraud", "1", reference,
            BaselineSource.TRAINING_DATA, "test", Instant.ofEpochMilli(T0 - MINUTE), Map.of());
        driver.createInputTopic("baselines", new StringSerializer(), serdes.baselineSerde.serializer())
            .pipeInput("fraud/1", profile, T0 - MINUTE);
    }

    /** One window of 500 events; {@code shift} moves the mean of 'amount' by that many standard deviations. */
    private void window(int index, double shift) {
        window(index, shift, "1");
    }

    private void window(int index, double shift, String version) {
        Random rnd = new Random(100 + index);
        long start = T0 + index * MINUTE;
        for (int i = 0; i < 500; i++) {
            PredictionEvent e = PredictionEvent.newBuilder()
                .setPredictionId("p" + (ids++)).setModelId("fraud").setModelVersion(version)
                .setEventTime(Instant.ofEpochMilli(start + i * 100L))
                .setFeatures(Map.of("amount", rnd.nextGaussian() + shift, "age", rnd.nextGaussian()))
                .setPrediction(Prediction.newBuilder().setScore(0.5).build())
                .build();
            predictions.pipeInput(e.getPredictionId().getBytes(), serdes.predictionSerde.serializer().serialize("p", e),
                e.getEventTime().toEpochMilli());
        }
    }

    @Test
    void aLastingDriftFiresOnceAndResolvesOnceAndTheChainVerifies() throws IOException {
        double[] shifts = {0, 2, 2, 2, 2, 2, 0, 0, 0, 0};
        for (int w = 0; w < shifts.length; w++) {
            window(w, shifts[w]);
        }
        window(shifts.length, 0); // its first event closes the last window above

        List<Alert> transitions = alerts.readValuesToList();
        assertThat(transitions).extracting(Alert::getStatus).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        Alert firing = transitions.get(0);
        // 'for: 2': the second drifted window (index 2) fires.
        assertThat(firing.getWindowStart().toEpochMilli()).isEqualTo(T0 + 2 * MINUTE);
        assertThat(firing.getFeature()).isEqualTo("amount");
        assertThat(firing.getObservedValue()).isGreaterThan(1.5);
        assertThat(firing.getThreshold()).isEqualTo(0.5);
        assertThat(firing.getRunbookUrl()).isEqualTo("https://runbooks.example/amount");
        assertThat(firing.getEvidence().getBaselineVersion()).isEqualTo("1");
        assertThat(firing.getEvidence().getTopFeatures()).isNotEmpty();
        assertThat(firing.getEvidence().getTopFeatures().get(0).getFeature()).isEqualTo("amount");
        assertThat(firing.getSummary()).contains("fraud").contains("amount");
        // 'resolve_after: 2': the second clean window (index 7) resolves it.
        Alert resolved = transitions.get(1);
        assertThat(resolved.getFingerprint()).isEqualTo(firing.getFingerprint());
        assertThat(resolved.getWindowStart().toEpochMilli()).isEqualTo(T0 + 7 * MINUTE);

        // Rules change while running: the next reload audits it.
        Files.writeString(rulesFile, RULES.replace("threshold: 0.5", "threshold: 0.7"));
        Files.setLastModifiedTime(rulesFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        List<AuditRecord> all = audit.readValuesToList();
        List<AuditRecord> chain = all.stream().filter(r -> r.getModelId().equals("fraud")).toList();
        Map<AuditType, Long> byType = chain.stream().collect(Collectors.groupingBy(AuditRecord::getType, Collectors.counting()));
        assertThat(chain.get(0).getType()).as("a chain opens with the rules in force").isEqualTo(AuditType.RULES_CHANGED);
        assertThat(byType.get(AuditType.WINDOW_EVALUATED)).isEqualTo(10);
        assertThat(byType.get(AuditType.ALERT_FIRED)).isEqualTo(1);
        assertThat(byType.get(AuditType.ALERT_RESOLVED)).isEqualTo(1);
        assertThat(byType.get(AuditType.BASELINE_SET)).isEqualTo(1);
        assertThat(byType.get(AuditType.RULES_CHANGED)).isEqualTo(2); // at start, and after the edit
        assertThat(chain.get(chain.size() - 1).getPayload()).contains("amount-shift");
        assertThat(chain).extracting(AuditRecord::getSequence).containsExactlyElementsOf(
            java.util.stream.LongStream.range(0, chain.size()).boxed().toList());
        VerificationReport report = AuditChainVerifier.verify(all);
        assertThat(report.ok()).as(report.describe()).isTrue();
    }

    private void fireAmountShift() {
        for (int w = 0; w < 4; w++) {
            window(w, w == 0 ? 0 : 2);
        }
        assertThat(alerts.readValuesToList()).extracting(Alert::getStatus).containsExactly(AlertStatus.FIRING);
    }

    private void rewriteRules(String rules, long secondsAhead) throws IOException {
        Files.writeString(rulesFile, rules);
        Files.setLastModifiedTime(rulesFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()
            + secondsAhead * 1000));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
    }

    /** A firing alert no report would evaluate again once its rule is gone: the reload resolves it, once. */
    @Test
    void aFiringAlertResolvesWhenAReloadRemovesItsRuleOrNarrowsItAway() throws IOException {
        fireAmountShift();

        // Narrowed to another feature: the alert of 'amount' is no longer covered.
        rewriteRules(RULES.replace("feature: amount", "feature: age"), 5);

        List<Alert> resolved = alerts.readValuesToList();
        assertThat(resolved).extracting(Alert::getStatus).containsExactly(AlertStatus.RESOLVED);
        assertThat(resolved.get(0).getSummary()).contains("its rule 'amount-shift' no longer covers it");
        assertThat(resolved.get(0).getEndsAt()).isAfterOrEqualTo(resolved.get(0).getStartsAt());

        // Removed altogether: nothing is left firing to resolve a second time.
        rewriteRules(RULES.replace("amount-shift", "other-shift").replace("feature: amount", "feature: age"), 10);
        window(4, 2);
        window(5, 0);
        assertThat(alerts.readValuesToList()).isEmpty();
        List<AuditRecord> all = audit.readValuesToList();
        assertThat(all.stream().filter(r -> r.getType() == AuditType.ALERT_RESOLVED)).hasSize(1);
        VerificationReport report = AuditChainVerifier.verify(all);
        assertThat(report.ok()).as(report.describe()).isTrue();
    }

    @Test
    void aFiringRemovedRuleResolvesAtTheReload() throws IOException {
        fireAmountShift();

        rewriteRules(RULES.replace("amount-shift", "amount-shift-v2"), 5);

        List<Alert> after = alerts.readValuesToList();
        assertThat(after).extracting(a -> a.getRule() + " " + a.getStatus()).containsExactly("amount-shift RESOLVED");
        assertThat(after.get(0).getSummary()).contains("its rule 'amount-shift' was removed");
    }

    @Test
    void aFiringAlertOfAVersionThatStopsResolvesOnceAfterTheLabelHorizonAndFiresAgainIfItReturns() {
        for (int w = 0; w < 4; w++) {
            window(w, w == 0 ? 0 : 2);
        }
        // v1 is rolled back: v2 serves from window 4 on (no baseline, so no alert of its own).
        for (int w = 4; w < 7; w++) {
            window(w, 0, "2");
        }
        List<Alert> transitions = alerts.readValuesToList();
        assertThat(transitions).extracting(Alert::getStatus).as("firing through the horizon (3m) after v1's last window")
            .containsExactly(AlertStatus.FIRING);
        Alert firing = transitions.get(0);
        assertThat(firingAlerts()).extracting(Alert::getFingerprint).containsExactly(firing.getFingerprint());

        for (int w = 7; w < 10; w++) {
            window(w, 0, "2");
        }
        List<Alert> resolved = alerts.readValuesToList();
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(a.getFingerprint()).isEqualTo(firing.getFingerprint());
            assertThat(a.getEndsAt().toEpochMilli()).as("v1's last window's end").isEqualTo(T0 + 4 * MINUTE);
            assertThat(a.getSummary()).contains("fraud v1: resolved, the version has reported no window since");
        });
        assertThat(firingAlerts()).isEmpty();
        // Its gauges are withdrawn with it; v2's stay.
        assertThat(metrics.find("driftwatch_window_events").tag("version", "1").gauges()).isEmpty();
        assertThat(metrics.find("driftwatch_window_events").tag("version", "2").gauges()).hasSize(1);

        // v1 comes back, drifted: a new episode fires once ('for: 2'), as for any alert resolved before.
        for (int w = 10; w < 14; w++) {
            window(w, 2);
        }
        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.getStatus()).isEqualTo(AlertStatus.FIRING);
            assertThat(a.getFingerprint()).isEqualTo(firing.getFingerprint());
            assertThat(a.getWindowStart().toEpochMilli()).isEqualTo(T0 + 11 * MINUTE);
        });
        List<AuditRecord> chain = audit.readValuesToList().stream().filter(r -> r.getModelId().equals("fraud")).toList();
        assertThat(chain).filteredOn(r -> r.getType() == AuditType.ALERT_RESOLVED).hasSize(1);
        assertThat(chain).filteredOn(r -> r.getType() == AuditType.ALERT_FIRED).hasSize(2);
        VerificationReport report = AuditChainVerifier.verify(chain);
        assertThat(report.ok()).as(report.describe()).isTrue();
    }

    private List<Alert> firingAlerts() {
        List<Alert> firing = new java.util.ArrayList<>();
        org.apache.kafka.streams.state.KeyValueStore<String, Alert> store =
            driver.getKeyValueStore(TopologyStores.defaults().activeAlerts());
        try (var it = store.all()) {
            it.forEachRemaining(kv -> firing.add(kv.value));
        }
        return firing;
    }

    @Test
    void deadLettersAreSummarisedPerWindowInTheSystemChain() {
        predictions.pipeInput("bad".getBytes(), new byte[] {7, 7, 7}, T0);
        predictions.pipeInput("bad2".getBytes(), new byte[] {8}, T0);
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        List<AuditRecord> chain = audit.readValuesToList();
        AuditRecord rejected = chain.stream().filter(r -> r.getType() == AuditType.INPUT_REJECTED).findFirst().orElseThrow();
        assertThat(rejected.getModelId()).isEqualTo("_driftwatch");
        assertThat(rejected.getPayload()).contains("\"predictions/AVRO_DECODE_ERROR\":2");
        assertThat(AuditChainVerifier.verify(chain).ok()).isTrue();
    }
}
