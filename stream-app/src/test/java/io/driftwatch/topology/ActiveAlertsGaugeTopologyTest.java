package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.RulesSource;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/metrics.md, {@code driftwatch_alerts_active}: set by the tasks that hold the alerts, not read from the stores
 * at a scrape. Through the whole topology: the merge stage's and the comparison stage's alerts count while they
 * fire, stop counting when they resolve, and stop counting here when their tasks close.
 */
class ActiveAlertsGaugeTopologyTest {

    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final String MODEL = "fraud-detector";

    // The same slow canary breaches a rule of each stage: its own p99, and its p99 against the primary's.
    private static final String RULES = """
        rules:
          - {name: slow-p99, metric: latency.p99_ms, comparator: gt, threshold: 150, severity: warning, min_samples: 100}
          - {name: canary-p99-slower, metric: comparison.difference.latency_p99, comparator: gt, threshold: 100,
             severity: critical, min_samples: 100}
        """;
    // min_samples far beyond the traffic: the comparison never decides, so only the rules alert.
    private static final String CANARY = """
        comparisons:
          - {model: fraud-detector, control: "1", candidate: "2", mode: canary, metrics: {accuracy: 0.02, latency_p99: 0.2},
             min_samples: 1000000}
        """;

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private final SplittableRandom random = new SplittableRandom(11);
    private ComparisonTopologyRig rig;
    private long sent;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theGaugeFollowsTheAlertsOfBothStagesAsTheyFireAndResolve() throws Exception {
        start();
        for (int w = 0; w < 3; w++) {
            window(w, 4);
        }
        assertThat(rig.alerts.readValuesToList()).extracting(Alert::getRule, Alert::getStatus).containsOnly(
            org.assertj.core.groups.Tuple.tuple("slow-p99", AlertStatus.FIRING),
            org.assertj.core.groups.Tuple.tuple("canary-p99-slower", AlertStatus.FIRING));
        assertThat(active("slow-p99", "warning")).isEqualTo(1.0);
        assertThat(active("canary-p99-slower", "critical")).isEqualTo(1.0);

        for (int w = 3; w < 6; w++) {
            window(w, 1);
        }
        assertThat(rig.alerts.readValuesToList()).extracting(Alert::getStatus).containsOnly(AlertStatus.RESOLVED)
            .hasSize(2);
        assertThat(registry.find("driftwatch_alerts_active").gauges()).as("no alert fires any more").isEmpty();
    }

    /** A task that leaves this instance (here: the application stops) takes its alerts out of this instance's count. */
    @Test
    void theAlertsOfAClosedTaskStopCountingHere() throws Exception {
        start();
        for (int w = 0; w < 3; w++) {
            window(w, 4);
        }
        assertThat(registry.find("driftwatch_alerts_active").gauges()).hasSize(2);

        rig.close();
        rig = null;

        assertThat(registry.find("driftwatch_alerts_active").gauges()).isEmpty();
    }

    private void start() throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, RULES);
        rig = new ComparisonTopologyRig(dir, CANARY, RulesSource.watching(rules), "5m", "active-alerts-gauge-test",
            serdes, registry, T0);
    }

    /** The value of the series of the canary (v2) and {@code rule}. */
    private double active(String rule, String severity) {
        Gauge g = registry.find("driftwatch_alerts_active")
            .tags("model", MODEL, "version", "2", "rule", rule, "severity", severity).gauge();
        return g == null ? 0 : g.value();
    }

    /** One minute of a 30% canary, {@code slowdown} times slower than the primary (median 20 ms). */
    private void window(int w, double slowdown) {
        for (int i = 0; i < 600; i++) {
            boolean canary = i % 10 < 3;
            long time = T0 + w * 60_000L + i * 90L;
            String id = "p" + sent++;
            PredictionEvent e = PredictionEvent.newBuilder().setPredictionId(id).setModelId(MODEL)
                .setModelVersion(canary ? "2" : "1").setDeploymentRole(canary ? "canary" : "primary")
                .setEventTime(Instant.ofEpochMilli(time)).setFeatures(Map.of())
                .setPrediction(Prediction.newBuilder().setLabel("1").build())
                .setLatencyMs(20 * Math.exp(0.5 * random.nextGaussian()) * (canary ? slowdown : 1))
                .build();
            rig.predictions.pipeInput(id.getBytes(), serdes.predictionSerde.serializer().serialize("p", e), time);
        }
        rig.driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
}
