package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.driftwatch.alerting.RulesSource;
import io.driftwatch.audit.AuditChainVerifier;
import io.driftwatch.comparison.ComparisonProcessor;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.AuditType;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules on a comparison's judged figures through the real topology ({@link TopologyTestDriver}, fed
 * only through the input topics): a rule on the canary's p99 latency minus the primary's fires after
 * its {@code for} windows and resolves after its {@code resolve_after} windows, on the alerts topic
 * and in the comparison audit chain; a revision of an older window (late labels) reaches the
 * comparison stage and still breaches, yet transitions nothing.
 */
class ComparisonFigureAlertsTopologyTest {

    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final String MODEL = "fraud-detector";

    // min_samples far beyond the test's traffic: the comparison never decides, so only figure rules alert.
    private static final String COMPARISONS = """
        comparisons:
          - model: fraud-detector
            control: "1"
            candidate: "2"
            mode: canary
            metrics: {accuracy: 0.02, latency_p99: 0.2}
            min_samples: 1000000
        """;

    private static final String RULES = """
        rules:
          - name: canary-p99-slower
            metric: comparison.difference.latency_p99
            model: "fraud-*"
            comparator: ">"
            threshold: 100
            severity: warning
            for: 2
            resolve_after: 2
            min_samples: 100
          - name: canary-accuracy-worse
            metric: comparison.difference.accuracy
            comparator: "<="
            threshold: -0.2
            severity: critical
        """;

    @TempDir
    Path dir;

    private ComparisonTopologyRig rig;
    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private final SplittableRandom random = new SplittableRandom(7);
    private long sent;

    private void start() throws Exception {
        Path rulesFile = dir.resolve("rules.yaml");
        Files.writeString(rulesFile, RULES);
        rig = new ComparisonTopologyRig(dir, COMPARISONS, RulesSource.watching(rulesFile), "5m",
            "comparison-figure-alerts-test", serdes, new SimpleMeterRegistry(), T0);
    }

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    /** A labelled prediction whose outcome is sent now, or kept back for later when {@code late} is given. */
    private void predict(String version, String role, long time, double accuracy, double latency, List<String[]> late) {
        predict(MODEL, version, role, time, accuracy, latency, late);
    }

    private void predict(String model, String version, String role, long time, double accuracy, double latency,
                         List<String[]> late) {
        String truth = random.nextBoolean() ? "1" : "0";
        String label = random.nextDouble() < accuracy ? truth : truth.equals("1") ? "0" : "1";
        String id = "p" + sent++;
        PredictionEvent e = PredictionEvent.newBuilder()
            .setPredictionId(id).setModelId(model).setModelVersion(version)
            .setEventTime(Instant.ofEpochMilli(time)).setFeatures(Map.of())
            .setPrediction(Prediction.newBuilder().setLabel(label).build())
            .setLatencyMs(latency).setDeploymentRole(role).setRequestId(null)
            .build();
        rig.predictions.pipeInput(id.getBytes(), serdes.predictionSerde.serializer().serialize("p", e), time);
        if (late == null) {
            outcome(model, id, time, truth);
        } else {
            late.add(new String[] {id, truth});
        }
    }

    private void outcome(String model, String id, long time, String truth) {
        OutcomeEvent o = OutcomeEvent.newBuilder().setPredictionId(id).setModelId(model)
            .setEventTime(Instant.ofEpochMilli(time)).setLabel(truth).build();
        rig.outcomes.pipeInput(id.getBytes(), serdes.outcomeSerde.serializer().serialize("o", o), time);
    }

    /**
     * One window of a 30% canary: 700 primary predictions right 90% of the time, 300 canary ones right with
     * {@code canaryAccuracy} and {@code canarySlowdown} times slower (log-normal latencies, median 20 ms); the
     * outcomes of the first {@code lateCanary} canary predictions are kept in {@code late} instead of sent.
     */
    private void window(int w, double canaryAccuracy, double canarySlowdown, int lateCanary, List<String[]> late) {
        long start = T0 + w * MINUTE;
        int canaries = 0;
        for (int i = 0; i < 1000; i++) {
            boolean canary = i % 10 < 3;
            long time = start + (long) i * 50;
            double latency = 20 * Math.exp(0.5 * random.nextGaussian()) * (canary ? canarySlowdown : 1);
            if (canary) {
                predict("2", "canary", time, canaryAccuracy, latency, canaries++ < lateCanary ? late : null);
            } else {
                predict("1", "primary", time, 0.9, latency, null);
            }
        }
        // The label join hands what it joined to the merge stage on its heartbeat.
        rig.driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    @Test
    void onlyVersionsAComparisonJudgesKeepTheirOutputsProfileForTheLabelHorizon() throws Exception {
        start();
        for (int w = 0; w < 3; w++) {
            // A model with one version: no comparison ever needs its window's outputs-only profile.
            for (int i = 0; i < 200; i++) {
                predict("ranker", "5", null, T0 + w * MINUTE + i * 200L, 0.9, 15, null);
            }
            window(w, 0.9, 1, 0, null);
        }
        org.apache.kafka.streams.state.KeyValueStore<String, byte[]> figures = rig.driver.getKeyValueStore("comparison-figures");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, Boolean> withOutputs = new HashMap<>();
        try (var all = figures.all()) {
            while (all.hasNext()) {
                var kv = all.next();
                withOutputs.put(kv.key, !json.readTree(kv.value).path("outputs").isNull());
            }
        }
        assertThat(withOutputs).containsEntry("ranker/5/" + T0, false).containsEntry("ranker/5/" + (T0 + MINUTE), false)
            .containsEntry(MODEL + "/1/" + T0, true).containsEntry(MODEL + "/2/" + T0, true);
        // The compared versions' merged sketches still judge latency from the carried profiles.
        assertThat(rig.comparisons.readValuesToList()).isNotEmpty().allSatisfy(r -> assertThat(r.getMetrics())
            .anySatisfy(m -> {
                assertThat(m.getMetric()).isEqualTo("latency_p99");
                assertThat(m.getCandidateCount()).isPositive();
            }));
    }

    @Test
    void aFiringFigureAlertResolvesOnceWhenTheCanaryStopsServing() throws Exception {
        start();
        for (int w = 0; w < 3; w++) {
            window(w, 0.9, 4, 0, null);
        }
        assertThat(figureAlerts("canary-p99-slower")).extracting(Alert::getStatus).containsExactly(AlertStatus.FIRING);
        // Rolled back: the primary alone serves. No comparison report comes any more to resolve the alert.
        for (int w = 3; w < 9; w++) {
            for (int i = 0; i < 700; i++) {
                predict("1", "primary", T0 + w * MINUTE + i * 70L, 0.9, 20 * Math.exp(0.5 * random.nextGaussian()), null);
            }
            rig.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        List<Alert> p99 = figureAlerts("canary-p99-slower");
        assertThat(p99).singleElement().satisfies(a -> {
            assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(a.getEndsAt()).as("the first window without v2").isEqualTo(Instant.ofEpochMilli(T0 + 3 * MINUTE));
            assertThat(a.getSummary()).contains("v2 has reported no window in 3 while v1 did");
        });
        List<AuditRecord> chain = rig.audit.readValuesToList().stream()
            .filter(r -> r.getModelId().equals(ComparisonProcessor.chain(MODEL))).toList();
        assertThat(chain).extracting(AuditRecord::getType).containsExactly(AuditType.ALERT_FIRED, AuditType.ALERT_RESOLVED);
        assertThat(AuditChainVerifier.verify(chain).ok()).isTrue();
    }

    /** A rules change that removes a figure rule resolves its firing alert once, while the comparison goes on. */
    @Test
    void aFiringFigureAlertResolvesWhenItsRuleIsRemoved() throws Exception {
        start();
        for (int w = 0; w < 3; w++) {
            window(w, 0.9, 4, 0, null);
        }
        assertThat(figureAlerts("canary-p99-slower")).extracting(Alert::getStatus).containsExactly(AlertStatus.FIRING);

        Path rulesFile = dir.resolve("rules.yaml");
        Files.writeString(rulesFile, RULES.substring(0, RULES.indexOf("  - name: canary-p99-slower"))
            + RULES.substring(RULES.indexOf("  - name: canary-accuracy-worse")));
        Files.setLastModifiedTime(rulesFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        rig.driver.advanceWallClockTime(Duration.ofSeconds(30)); // past both stages' reload intervals
        window(3, 0.9, 4, 0, null);

        assertThat(figureAlerts("canary-p99-slower")).singleElement().satisfies(a -> {
            assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(a.getSummary()).contains("its rule 'canary-p99-slower' was removed");
        });
        List<AuditRecord> chain = rig.audit.readValuesToList().stream()
            .filter(r -> r.getModelId().equals(ComparisonProcessor.chain(MODEL))).toList();
        assertThat(chain).extracting(AuditRecord::getType).containsExactly(AuditType.ALERT_FIRED, AuditType.ALERT_RESOLVED);
    }

    private List<Alert> figureAlerts(String rule) {
        return rig.alerts.readValuesToList().stream().filter(a -> a.getRule().equals(rule)).toList();
    }

    private static Instant end(int window) {
        return Instant.ofEpochMilli(T0 + (window + 1) * MINUTE);
    }

    @Test
    void aRuleOnTheCanarysP99DifferenceFiresAfterForWindowsAndResolvesAfterResolveAfter() throws Exception {
        start();
        // Windows 0-2 four times slower (p99 about 256 ms against 64 ms), then as fast as the primary.
        double[] slowdown = {4, 4, 4, 1, 1, 1, 1};
        for (int w = 0; w < slowdown.length; w++) {
            window(w, 0.9, slowdown[w], 0, null);
        }
        List<ComparisonReport> reports = rig.comparisons.readValuesToList();
        assertThat(reports).extracting(r -> r.getWindowStart().toEpochMilli()).contains(T0, T0 + 4 * MINUTE);
        List<Alert> p99 = figureAlerts("canary-p99-slower");
        assertThat(p99).extracting(Alert::getStatus, Alert::getWindowEnd)
            .containsExactly(tuple(AlertStatus.FIRING, end(1)), tuple(AlertStatus.RESOLVED, end(4)));
        assertThat(p99.get(0).getObservedValue()).isGreaterThan(100);
        assertThat(p99.get(0).getModelVersion()).isEqualTo("2");
        assertThat(p99.get(0).getMetric()).isEqualTo("comparison.difference.latency_p99");
        assertThat(p99.get(0).getLabels()).containsEntry("control_version", "1").containsEntry("comparison_mode", "canary");
        assertThat(p99.get(1).getObservedValue()).isLessThanOrEqualTo(100);
        assertThat(p99.get(1).getFingerprint()).isEqualTo(p99.get(0).getFingerprint());

        List<AuditRecord> chain = rig.audit.readValuesToList().stream()
            .filter(r -> r.getModelId().equals(ComparisonProcessor.chain(MODEL))).toList();
        assertThat(chain).extracting(AuditRecord::getType, AuditRecord::getSubject).containsExactly(
            tuple(AuditType.ALERT_FIRED, p99.get(0).getFingerprint()),
            tuple(AuditType.ALERT_RESOLVED, p99.get(0).getFingerprint()));
        assertThat(AuditChainVerifier.verify(chain).ok()).isTrue();
    }

    @Test
    void aLateRevisionOfAnOlderWindowStillBreachingTransitionsNothing() throws Exception {
        start();
        List<String[]> late = new ArrayList<>();
        // Window 0: the canary is right half the time (accuracy 40 points below), 100 of its outcomes come late.
        window(0, 0.5, 1, 100, late);
        window(1, 0.9, 1, 0, null);
        window(2, 0.9, 1, 0, null);
        List<Alert> before = figureAlerts("canary-accuracy-worse");
        assertThat(before).extracting(Alert::getStatus, Alert::getWindowEnd)
            .containsExactly(tuple(AlertStatus.FIRING, end(0)), tuple(AlertStatus.RESOLVED, end(1)));
        List<ComparisonReport> inOrder = rig.comparisons.readValuesToList();
        assertThat(inOrder).extracting(r -> r.getWindowStart().toEpochMilli()).containsSubsequence(T0, T0 + MINUTE);

        // The late outcomes arrive within the label horizon: window 0 is revised, and compared again.
        long now = T0 + 2 * MINUTE + 55_000;
        for (String[] o : late) {
            outcome(MODEL, o[0], now, o[1]);
        }
        rig.driver.advanceWallClockTime(Duration.ofSeconds(6));
        window(3, 0.9, 1, 0, null);
        List<ComparisonReport> revised = rig.comparisons.readValuesToList().stream()
            .filter(r -> r.getWindowStart().toEpochMilli() == T0).toList();
        assertThat(revised).as("window 0 compared again after its revision").isNotEmpty().allSatisfy(r ->
            assertThat(r.getMetrics()).anySatisfy(m -> {
                assertThat(m.getMetric()).isEqualTo("accuracy");
                assertThat(m.getCandidateCount()).isEqualTo(300);
                assertThat(m.getDifference()).isLessThanOrEqualTo(-0.2);
            }));
        // It still breaches, but the alert's later windows were judged already: no transition for window 0.
        assertThat(figureAlerts("canary-accuracy-worse")).isEmpty();
    }
}
