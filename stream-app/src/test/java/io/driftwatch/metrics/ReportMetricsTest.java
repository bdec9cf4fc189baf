package io.driftwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.Reports;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model version's gauges all go when its task leaves the instance, and only its own. */
class ReportMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ReportMetrics metrics = new ReportMetrics(registry, 2000);

    @Test
    void withdrawingAVersionRemovesEveryGaugeOfItAndNoOther() {
        metrics.record(everySection("fraud", "3"));
        metrics.record(everySection("fraud", "4"));

        metrics.withdraw("fraud", "3");

        assertThat(registry.getMeters()).filteredOn(m -> m.getId().getName().startsWith("driftwatch_"))
            .filteredOn(m -> "3".equals(m.getId().getTag("version"))).isEmpty();
        assertThat(registry.find("driftwatch_window_events").tag("version", "4").gauge()).isNotNull();
        assertThat(registry.find("driftwatch_feature_drift").tag("version", "4").gauges()).hasSize(3);
    }

    private static WindowReport everySection(String model, String version) {
        return Reports.withFeatures(Reports.window(model, version, 0),
                List.of(Reports.psi("amount", 0.3), Reports.ks("age", 0.2, 0.001, 0.05), Reports.psi("country", 0.01)))
            .setPredictionDrift(Reports.psi("prediction", 0.05))
            .setLatency(Reports.latency(1000, 12, 40, 80, 200))
            .setQuality(Reports.quality(1000, 800, 0.9, 0.95))
            .setEstimatedQuality(Reports.estimated(1000, 0.91))
            .setFairness(List.of(Reports.fairness("gender", "f", "m", 0.1, 0.85, 0.05)))
            .setSegments(List.of(Reports.segment("region", Reports.group("eu", 600, 0.2, 500, 0.9))))
            .build();
    }
}
