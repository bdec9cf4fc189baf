package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.audit.AuditChainVerifier;
import io.driftwatch.comparison.ComparisonProcessor;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.AuditType;
import io.driftwatch.schemas.ComparisonDecision;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.Severity;
import io.driftwatch.schemas.ShadowAgreement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The comparison stage in {@link TopologyTestDriver}, fed only through the input topics: a canary
 * worse than its primary is rolled back (comparison reports, the decision alert, the audit chain), a
 * better one promoted, the same model compared for 1000 windows never decided on, a canary promoted
 * mid-window still compared in that window, and shadow predictions paired by request_id whichever
 * side comes first, with duplicates and missing partners.
 */
@Execution(ExecutionMode.CONCURRENT) // the suite's longest class: its tests, each with its own driver, share the threads
class ComparisonTopologyTest {

    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    private ComparisonTopologyRig rig;
    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private long sent;

    private void start(String comparisonsYaml) throws Exception {
        rig = new ComparisonTopologyRig(dir, comparisonsYaml, io.driftwatch.alerting.RulesSource.defaults(),
            "2m", "comparison-topology-test", serdes, registry, T0);
    }

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    private static final String CANARY = """
        comparisons:
          - model: fraud-detector
            control: "1"
            candidate: "2"
            mode: canary
            metrics: {accuracy: 0.02, error_rate: 0.01, latency_p99: 0.2}
            min_samples: 100
            alpha: 0.01
        """;

    private PredictionEvent prediction(String id, String model, String version, String role, String requestId, long time,
                                       String label, double latency) {
        return PredictionEvent.newBuilder()
            .setPredictionId(id).setModelId(model).setModelVersion(version)
            .setEventTime(Instant.ofEpochMilli(time)).setFeatures(Map.of())
            .setPrediction(Prediction.newBuilder().setLabel(label).build())
            .setLatencyMs(latency).setDeploymentRole(role).setRequestId(requestId)
            .build();
    }

    private void send(PredictionEvent e) {
        rig.predictions.pipeInput(e.getPredictionId().getBytes(), serdes.predictionSerde.serializer().serialize("p", e),
            e.getEventTime().toEpochMilli());
    }

    private void sendOutcome(String id, String model, long time, String label) {
        OutcomeEvent o = OutcomeEvent.newBuilder().setPredictionId(id).setModelId(model)
            .setEventTime(Instant.ofEpochMilli(time)).setLabel(label).build();
        rig.outcomes.pipeInput(id.getBytes(), serdes.outcomeSerde.serializer().serialize("o", o), time);
    }

    /**
     * One window of labelled canary traffic: {@code control} events of version 1 right with probability
     * {@code controlAccuracy}, {@code candidate} events of version 2 with {@code candidateAccuracy} and
     * latencies scaled by {@code candidateSlowdown}; every outcome arrives right after its prediction.
     */
    private void window(SplittableRandom random, int w, int control, int candidate, double controlAccuracy,
                        double candidateAccuracy, double candidateSlowdown, String candidateRole) {
        long start = T0 + w * MINUTE;
        int total = control + candidate;
        for (int i = 0; i < total; i++) {
            boolean isCandidate = i % total < candidate;
            long time = start + (long) i * 50_000 / total;
            String truth = random.nextBoolean() ? "1" : "0";
            double accuracy = isCandidate ? candidateAccuracy : controlAccuracy;
            String label = random.nextDouble() < accuracy ? truth : (truth.equals("1") ? "0" : "1");
            double latency = 20 * Math.exp(0.5 * random.nextGaussian()) * (isCandidate ? candidateSlowdown : 1);
            String id = "p" + (sent++);
            send(prediction(id, "fraud-detector", isCandidate ? "2" : "1", isCandidate ? candidateRole : "primary", null,
                time, label, latency));
            sendOutcome(id, "fraud-detector", time, truth);
        }
        // The label join hands what it joined to the merge stage on its heartbeat.
        rig.driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    private List<ComparisonReport> reports() {
        List<ComparisonReport> all = new ArrayList<>();
        while (!rig.comparisons.isEmpty()) {
            all.add(rig.comparisons.readValue());
        }
        return all;
    }

    @Test
    void aCanaryWorseThanItsPrimaryIsRolledBackWithAnAlertAndAnAuditRecord() throws Exception {
        start(CANARY);
        SplittableRandom random = new SplittableRandom(1);
        List<ComparisonReport> all = new ArrayList<>();
        int w = 0;
        while (w < 150 && all.stream().noneMatch(r -> r.getDecision() != ComparisonDecision.NONE)) {
            window(random, w++, 700, 300, 0.90, 0.86, 1.4, "canary");
            all.addAll(reports());
        }
        ComparisonReport decided = all.stream().filter(r -> r.getDecision() != ComparisonDecision.NONE).findFirst().orElseThrow();
        assertThat(decided.getDecision()).isEqualTo(ComparisonDecision.ROLL_BACK);
        assertThat(decided.getModelId()).isEqualTo("fraud-detector");
        assertThat(decided.getControlVersion()).isEqualTo("1");
        assertThat(decided.getCandidateVersion()).isEqualTo("2");
        assertThat(decided.getOrigin()).isEqualTo("declared");
        // Both figures are worse than their margins (accuracy 4 points, p99 40%); whichever is proven first decides.
        assertThat(decided.getDecisionReason())
            .containsPattern("^(accuracy|latency_p99) of 2 is worse than 1 by more than the margin 0\\.(02|2):");
        String decisive = decided.getDecisionReason().substring(0, decided.getDecisionReason().indexOf(' '));
        assertThat(decided.getMetrics()).anySatisfy(m -> {
            assertThat(m.getMetric()).isEqualTo(decisive);
            assertThat(m.getVerdict()).isEqualTo("WORSE");
        });
        // The prediction distributions are compared from the same carried profiles (labels here: categorical).
        assertThat(decided.getMetrics()).anySatisfy(m -> {
            assertThat(m.getMetric()).isEqualTo("prediction_shift");
            assertThat(m.getCandidateCount()).isPositive();
            assertThat(m.getVerdict()).isIn("DRIFT", "NO_DRIFT");
        });
        // The latency figure is judged from the windows' latency sketches, carried with the reports.
        assertThat(decided.getMetrics()).anySatisfy(m -> {
            assertThat(m.getMetric()).isEqualTo("latency_p99");
            assertThat(m.getCandidateCount()).isPositive();
            assertThat(m.getCumulativeDifference()).isPositive();
        });
        // One report per compared window, numbered.
        assertThat(all).extracting(ComparisonReport::getWindowsCompared).doesNotHaveDuplicates();

        List<Alert> sent = rig.alerts.readValuesToList();
        long criticalFiringSent = sent.stream().filter(a -> a.getStatus() == io.driftwatch.schemas.AlertStatus.FIRING
            && a.getSeverity() == Severity.CRITICAL).count();
        List<Alert> fired = sent.stream().filter(a -> a.getRule().startsWith("comparison-")).toList();
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.getRule()).isEqualTo("comparison-roll-back");
            assertThat(a.getMetric()).isEqualTo("comparison.decision");
            assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.getModelVersion()).isEqualTo("2");
            assertThat(a.getLabels()).containsEntry("decision", "ROLL_BACK").containsEntry("control_version", "1");
        });

        List<AuditRecord> chain = rig.audit.readValuesToList().stream()
            .filter(r -> r.getModelId().equals(ComparisonProcessor.chain("fraud-detector"))).toList();
        assertThat(chain).singleElement().satisfies(r -> {
            assertThat(r.getType()).isEqualTo(AuditType.ALERT_FIRED);
            assertThat(r.getPayload()).contains("comparison-roll-back");
        });
        assertThat(AuditChainVerifier.verify(chain).ok()).isTrue();
        assertThat(registry.get("driftwatch_comparison_decision").tags("model", "fraud-detector", "candidate", "2")
            .gauge().value()).isEqualTo(-1.0);
        // Counted with every other alert's transitions on /metrics.
        assertThat(registry.get("driftwatch_alert_transitions").tags("status", "firing", "severity", "critical").counter()
            .count()).isEqualTo(criticalFiringSent);
        assertThat(registry.get("driftwatch_comparison_difference").tags("metric", "accuracy").gauge().value())
            .isBetween(-0.07, -0.01);

        // A decision is final: later windows report it again without a second alert.
        window(random, w++, 700, 300, 0.90, 0.86, 1.4, "canary");
        window(random, w++, 700, 300, 0.90, 0.86, 1.4, "canary");
        assertThat(reports()).isNotEmpty().allSatisfy(r -> assertThat(r.getDecision()).isEqualTo(ComparisonDecision.ROLL_BACK));
        assertThat(rig.alerts.readValuesToList()).noneMatch(a -> a.getRule().startsWith("comparison-"));
        assertThat(firingComparisonAlerts()).singleElement()
            .satisfies(a -> assertThat(a.getRule()).isEqualTo("comparison-roll-back"));

        // Rolled back: only v1 serves. After resolve_after (3) windows without v2, the alert resolves, once.
        int withoutCandidate = 0;
        List<Alert> resolved = new ArrayList<>();
        while (resolved.isEmpty() && withoutCandidate < 12) {
            window(random, w++, 700, 0, 0.90, 0.86, 1.4, "canary");
            withoutCandidate++;
            rig.alerts.readValuesToList().stream().filter(a -> a.getRule().startsWith("comparison-")).forEach(resolved::add);
        }
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.getRule()).isEqualTo("comparison-roll-back");
            assertThat(a.getStatus()).isEqualTo(io.driftwatch.schemas.AlertStatus.RESOLVED);
            assertThat(a.getFingerprint()).isEqualTo(fired.get(0).getFingerprint());
            assertThat(a.getEndsAt()).isAfter(a.getStartsAt());
            assertThat(a.getSummary()).contains("v2 has reported no window in 3 while v1 did");
        });
        // Resolved on v1's report of the fourth window without v2: three whole windows without it came before.
        assertThat(withoutCandidate).isGreaterThanOrEqualTo(4);
        assertThat(firingComparisonAlerts()).isEmpty();
        List<AuditRecord> chainAfter = rig.audit.readValuesToList().stream()
            .filter(r -> r.getModelId().equals(ComparisonProcessor.chain("fraud-detector"))).toList();
        assertThat(chainAfter).singleElement().satisfies(r -> assertThat(r.getType()).isEqualTo(AuditType.ALERT_RESOLVED));
        List<AuditRecord> whole = new ArrayList<>(chain);
        whole.addAll(chainAfter);
        assertThat(AuditChainVerifier.verify(whole).ok()).isTrue();

        // And it stays resolved.
        for (int i = 0; i < 3; i++) {
            window(random, w++, 700, 0, 0.90, 0.86, 1.4, "canary");
        }
        assertThat(rig.alerts.readValuesToList()).noneMatch(a -> a.getRule().startsWith("comparison-"));
    }

    @Test
    void aDecisionStaysFiringWhileTheCandidateMissesFewerWindowsThanResolveAfter() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        int w = untilRolledBack(random);
        // A quiet spell of the canary: two windows without it, then it serves again.
        for (int round = 0; round < 3; round++) {
            window(random, w++, 700, 0, 0.90, 0.86, 1.4, "canary");
            window(random, w++, 700, 0, 0.90, 0.86, 1.4, "canary");
            for (int i = 0; i < 3; i++) {
                window(random, w++, 700, 300, 0.90, 0.86, 1.4, "canary");
            }
        }
        assertThat(rig.alerts.readValuesToList()).noneMatch(a -> a.getRule().startsWith("comparison-"));
        assertThat(firingComparisonAlerts()).hasSize(1);
    }

    @Test
    void aDecisionWhoseVersionsBothFallSilentResolvesOnceTheirFiguresPassTheRetention() throws Exception {
        // labels.horizon 2m: figures are kept for 3 minutes of window time.
        SplittableRandom random = new SplittableRandom(1);
        int w = untilRolledBack(random);
        // The canary's accuracy then falls well below its own baseline (0.86, from its first labelled windows).
        for (int i = 0; i < 2; i++) {
            window(random, w++, 700, 300, 0.90, 0.70, 1.4, "canary");
        }
        assertThat(rig.alerts.readValuesToList()).filteredOn(a -> a.getModelVersion().equals("2"))
            .extracting(Alert::getRule).contains("accuracy-drop");
        // The whole model goes quiet; another model's windows move the stage's time on.
        for (int k = 0; k < 6; k++, w++) {
            for (int i = 0; i < 100; i++) {
                send(prediction("r" + (sent++), "ranker", "1", null, null, T0 + w * MINUTE + i * 500L, "1", 10));
            }
            rig.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        rig.driver.advanceWallClockTime(Duration.ofMinutes(1)); // the stage forgets old figures once a minute
        List<Alert> after = rig.alerts.readValuesToList();
        // v2's own accuracy alert resolves too: the version reported no window for the label horizon.
        assertThat(after).filteredOn(a -> !a.getRule().startsWith("comparison-")).isNotEmpty()
            .allSatisfy(a -> assertThat(a.getSummary()).contains("the version has reported no window since"));
        assertThat(after).filteredOn(a -> a.getRule().startsWith("comparison-")).singleElement().satisfies(a -> {
            assertThat(a.getRule()).isEqualTo("comparison-roll-back");
            assertThat(a.getStatus()).isEqualTo(io.driftwatch.schemas.AlertStatus.RESOLVED);
            assertThat(a.getSummary()).contains("neither version has reported a window within the retention");
        });
        assertThat(firingComparisonAlerts()).isEmpty();
    }

    /** Starts the canary comparison and runs a worse canary until its roll-back fires; the next window's index. */
    private int untilRolledBack(SplittableRandom random) throws Exception {
        start(CANARY);
        int w = 0;
        while (w < 150 && firingComparisonAlerts().isEmpty()) {
            window(random, w++, 700, 300, 0.90, 0.86, 1.4, "canary");
        }
        assertThat(firingComparisonAlerts()).hasSize(1);
        rig.alerts.readValuesToList();
        return w;
    }

    /** The comparison stage's firing alerts, as the HTTP API reads them. */
    private List<Alert> firingComparisonAlerts() {
        List<Alert> firing = new ArrayList<>();
        org.apache.kafka.streams.state.KeyValueStore<String, Alert> store =
            rig.driver.getKeyValueStore(io.driftwatch.comparison.ComparisonStores.defaults().activeAlerts());
        try (var it = store.all()) {
            it.forEachRemaining(kv -> firing.add(kv.value));
        }
        return firing;
    }

    /**
     * Closing the topology closes its tasks, as a rebalance that moves them away does: the comparison's gauges
     * and the versions' report gauges must go with them, not stay at their last values next to the new owner's.
     */
    @Test
    void theGaugesOfClosedTasksAreWithdrawn() throws Exception {
        start(CANARY);
        SplittableRandom random = new SplittableRandom(3);
        for (int w = 0; w < 4; w++) {
            window(random, w, 700, 300, 0.90, 0.90, 1.0, "canary");
        }
        assertThat(reports()).isNotEmpty();
        assertThat(registry.find("driftwatch_comparison_windows_compared").tag("model", "fraud-detector").gauges())
            .isNotEmpty();
        assertThat(registry.find("driftwatch_window_events").tag("model", "fraud-detector").gauges()).hasSize(2);

        rig.close();
        rig = null;

        assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
            .filteredOn(n -> n.startsWith("driftwatch_comparison_") || n.startsWith("driftwatch_window_")
                || n.startsWith("driftwatch_quality") || n.startsWith("driftwatch_inference_latency"))
            .isEmpty();
    }

    @Test
    void aCanaryBetterThanItsPrimaryIsPromoted() throws Exception {
        start(CANARY);
        SplittableRandom random = new SplittableRandom(2);
        List<ComparisonReport> all = new ArrayList<>();
        int w = 0;
        while (w < 150 && all.stream().noneMatch(r -> r.getDecision() != ComparisonDecision.NONE)) {
            window(random, w++, 700, 300, 0.86, 0.90, 1.0, "canary");
            all.addAll(reports());
        }
        assertThat(all).last().satisfies(r -> assertThat(r.getDecision()).isEqualTo(ComparisonDecision.PROMOTE));
        assertThat(rig.alerts.readValuesToList()).filteredOn(a -> a.getRule().startsWith("comparison-"))
            .singleElement().satisfies(a -> assertThat(a.getRule()).isEqualTo("comparison-promote"));
    }

    @Test
    void theSameModelAsCanaryIsNeverDecidedOnInAThousandWindows() throws Exception {
        start(null); // discovered from the deployment roles, with the standard margins and alpha
        SplittableRandom random = new SplittableRandom(3);
        int compared = 0;
        for (int w = 0; w < 1001; w++) {
            window(random, w, 40, 40, 0.9, 0.9, 1.0, "canary");
            for (ComparisonReport r : reports()) {
                assertThat(r.getDecision()).isEqualTo(ComparisonDecision.NONE);
                assertThat(r.getOrigin()).isEqualTo("discovered");
                compared = r.getWindowsCompared();
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(1000);
        assertThat(rig.alerts.readValuesToList()).noneMatch(a -> a.getRule().startsWith("comparison-"));
    }

    /**
     * A version seen with two roles in one window keeps the non-primary one. A canary promoted mid-window (its later
     * predictions say primary) leaves the window compared as the canary's, whether producers write the primary's
     * role as null or as "primary" (producers.md allows both); "primary" once replaced the canary role, so the
     * window had two primaries and was not compared.
     */
    @ParameterizedTest
    @ValueSource(strings = {"null", "primary"})
    void aCanaryPromotedMidWindowIsStillComparedInThatWindow(String primaryRole) throws Exception {
        String role = primaryRole.equals("null") ? null : primaryRole;
        start(null);
        for (int i = 0; i < 20; i++) {
            send(prediction("a" + (sent++), "fraud-detector", "1", role, null, T0 + i * 1000, "1", 20));
        }
        for (int i = 0; i < 10; i++) {
            send(prediction("a" + (sent++), "fraud-detector", "2", "canary", null, T0 + 20_000 + i * 1000, "1", 20));
        }
        for (int i = 0; i < 10; i++) {
            send(prediction("a" + (sent++), "fraud-detector", "2", role, null, T0 + 35_000 + i * 1000, "1", 20));
        }
        rig.driver.advanceWallClockTime(Duration.ofSeconds(1));
        // Later windows close window 0.
        for (int w = 1; w <= 3; w++) {
            send(prediction("a" + (sent++), "fraud-detector", "1", role, null, T0 + w * MINUTE + 1000, "1", 20));
            send(prediction("a" + (sent++), "fraud-detector", "2", role, null, T0 + w * MINUTE + 2000, "1", 20));
            rig.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        assertThat(reports()).as("comparison reports of window 0, primary role written as %s", primaryRole)
            .anySatisfy(r -> {
                assertThat(r.getWindowStart().toEpochMilli()).isEqualTo(T0);
                assertThat(r.getControlVersion()).isEqualTo("1");
                assertThat(r.getCandidateVersion()).isEqualTo("2");
                assertThat(r.getMode()).isEqualTo("canary");
            });
    }

    @Test
    void shadowPredictionsArePairedByRequestWhicheverComesFirstOnceEachAndMissingPartnersCounted() throws Exception {
        start(null);
        long t = T0;
        // r1: primary first; r2: shadow first; r3: both, each sent twice; r4: primary alone; r5: shadow alone.
        send(prediction("a1", "ranker", "1", null, "r1", t + 1000, "1", 10));
        send(prediction("b1", "ranker", "9", "shadow", "r1", t + 1100, "1", 12));
        send(prediction("b2", "ranker", "9", "shadow", "r2", t + 2000, "0", 12));
        send(prediction("a2", "ranker", "1", null, "r2", t + 2100, "1", 10));
        send(prediction("a3", "ranker", "1", null, "r3", t + 3000, "1", 10));
        send(prediction("a3", "ranker", "1", null, "r3", t + 3000, "1", 10));
        send(prediction("b3", "ranker", "9", "shadow", "r3", t + 3100, "1", 12));
        send(prediction("b3-again", "ranker", "9", "shadow", "r3", t + 3200, "0", 12));
        send(prediction("a4", "ranker", "1", null, "r4", t + 4000, "0", 10));
        send(prediction("b5", "ranker", "9", "shadow", "r5", t + 5000, "1", 12));
        // Stream time moves on past the pairing horizon (2 windows + grace) and closes the windows.
        for (int w = 1; w <= 4; w++) {
            send(prediction("x" + w, "ranker", "1", null, null, t + w * MINUTE + 30_000, "1", 10));
            send(prediction("y" + w, "ranker", "9", "shadow", null, t + w * MINUTE + 30_000, "1", 10));
            rig.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        List<ComparisonReport> all = reports();
        assertThat(all).isNotEmpty();
        ComparisonReport last = all.get(all.size() - 1);
        assertThat(last.getMode()).isEqualTo("shadow");
        assertThat(last.getControlVersion()).isEqualTo("1");
        assertThat(last.getCandidateVersion()).isEqualTo("9");
        ShadowAgreement shadow = last.getShadow();
        assertThat(shadow.getPairs()).isEqualTo(3);
        assertThat(shadow.getAgreementRate()).isEqualTo(2.0 / 3);
        assertThat(shadow.getConfusion()).containsEntry("1 -> 1", 2L).containsEntry("1 -> 0", 1L);
        assertThat(shadow.getUnpairedControl()).isEqualTo(1);
        assertThat(shadow.getUnpairedCandidate()).isEqualTo(1);
    }
}
