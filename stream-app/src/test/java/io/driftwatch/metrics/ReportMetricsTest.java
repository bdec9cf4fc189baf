package io.driftwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.Reports;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report gauges of a model version are those of the latest report recorded for it, no more: a series
 * that report does not carry is absent (Prometheus rules then stop), not an older window's value exported
 * as if it were current. UNCERTAIN feature verdicts are the one exception, and a version's gauges all go
 * when its task leaves the instance.
 */
class ReportMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ReportMetrics metrics = new ReportMetrics(registry, 2000);

    /**
     * docs/metrics.md: driftwatch_feature_drift is "1 when the feature drifted in the latest window, else 0";
     * the DriftwatchFeatureDrift rule reads it as "differed from the baseline in every window for 10 minutes".
     * A feature that drifted in window 0 and had too few values to be tested in windows 1..n must not keep
     * reading 1.
     */
    @Test
    void aFeatureNotTestedInTheLatestWindowIsNotReportedAsDrifted() {
        metrics.record(Reports.withFeatures(Reports.window("fraud", "3", 0), List.of(Reports.psi("amount", 0.4))).build());
        for (int w = 1; w <= 12; w++) {
            metrics.record(Reports.withFeatures(Reports.window("fraud", "3", w), List.of(Reports.insufficient("amount"))).build());
        }

        assertThat(feature("driftwatch_feature_drift", "amount").gauges())
            .as("driftwatch_feature_drift{feature=amount} after 12 windows in which amount was not tested").isEmpty();
        assertThat(feature("driftwatch_feature_drift_statistic", "amount").gauges()).isEmpty();
    }

    @Test
    void aFeatureAbsentFromTheLatestReportHasNoSeries() {
        metrics.record(Reports.withFeatures(Reports.window("fraud", "3", 0),
            List.of(Reports.psi("amount", 0.4), Reports.psi("age", 0.01))).build());
        metrics.record(Reports.withFeatures(Reports.window("fraud", "3", 1), List.of(Reports.psi("age", 0.02))).build());

        assertThat(feature("driftwatch_feature_drift", "amount").gauges()).isEmpty();
        assertThat(feature("driftwatch_feature_drift", "age").gauge().value()).isZero();
        assertThat(feature("driftwatch_feature_drift_statistic", "age").gauge().value()).isEqualTo(0.02);
    }

    /**
     * UNCERTAIN is no evidence either way (the sketch error straddles the level). Removing the series would
     * resolve a firing DriftwatchFeatureDrift at once and restart its {@code for: 10m} whenever the verdict
     * alternates with DRIFT; the last decided window's values stand instead, as Driftwatch's own rules keep a
     * firing alert on an UNCERTAIN window. A decided verdict, or no test at all, moves them again.
     */
    @Test
    void anUncertainVerdictKeepsTheLastDecidedValuesOfTheFeature() {
        metrics.record(Reports.withFeatures(Reports.window("fraud", "3", 0), List.of(Reports.psi("amount", 0.4))).build());
        metrics.record(Reports.withFeatures(Reports.window("fraud", "3", 1), List.of(uncertain("amount", 0.12))).build());

        assertThat(feature("driftwatch_feature_drift", "amount").gauge().value()).isEqualTo(1.0);
        assertThat(feature("driftwatch_feature_drift_statistic", "amount").gauge().value()).isEqualTo(0.4);

        metrics.record(Reports.withFeatures(Reports.window("fraud", "3", 2), List.of(Reports.psi("amount", 0.02))).build());
        assertThat(feature("driftwatch_feature_drift", "amount").gauge().value()).isZero();
        metrics.record(Reports.withFeatures(Reports.window("fraud", "3", 3), List.of(uncertain("amount", 0.12))).build());
        assertThat(feature("driftwatch_feature_drift", "amount").gauge().value()).as("held at NO_DRIFT").isZero();
        metrics.record(Reports.withFeatures(Reports.window("fraud", "3", 4), List.of(Reports.insufficient("amount"))).build());
        assertThat(feature("driftwatch_feature_drift", "amount").gauges()).isEmpty();
    }

    /**
     * The figure of the default {@code feature-missing} rules, per feature: how much larger the share of unusable
     * values is than in the baseline. A feature whose values stop arriving has no drift verdict (too few values), so
     * no drift series; this one shows it. Against another version's baseline there is none, as for the rule.
     */
    @Test
    void theMissingValuesIncreaseIsAGaugePerFeature() {
        FeatureDrift empty = Reports.insufficient("amount");
        empty.setWindowCount(0);
        empty.setReferenceCount(1000);
        FeatureDrift half = Reports.psi("age", 0.01);
        half.setWindowCount(500);
        half.setReferenceCount(1000);
        WindowReport report = Reports.withFeatures(Reports.window("fraud", "3", 0).setEventCount(1000).setErrorCount(0),
            List.of(empty, half)).build();
        report.getBaseline().setRowCount(1000);
        metrics.record(report);

        assertThat(feature("driftwatch_feature_missing_increase", "amount").gauge().value()).isEqualTo(1.0);
        assertThat(feature("driftwatch_feature_missing_increase", "age").gauge().value()).isEqualTo(0.5);
        assertThat(feature("driftwatch_feature_drift", "amount").gauges()).isEmpty();

        report.getBaseline().setFallback(true);
        metrics.record(report);
        assertThat(registry.find("driftwatch_feature_missing_increase").gauges()).isEmpty();
    }

    @Test
    void aFeatureUncertainFromItsFirstWindowHasNoSeries() {
        metrics.record(Reports.withFeatures(Reports.window("fraud", "3", 0), List.of(uncertain("amount", 0.12))).build());

        assertThat(feature("driftwatch_feature_drift", "amount").gauges()).isEmpty();
    }

    /**
     * A window's first report usually has no quality section yet (labels come later, often after later windows):
     * the quality gauges show the newest window that has labels, with that window's labelled count, so they are
     * not removed at every first report (a gap restarts a rule's {@code for:}), and never go back to an older one.
     */
    @Test
    void theQualityGaugesAreThoseOfTheNewestWindowWithLabelsAndNeverGoBack() {
        metrics.record(Reports.window("churn", "1", 0).setEventCount(1000).setQuality(Reports.quality(1000, 50, 0.6, 0.9))
            .build());
        metrics.record(Reports.window("churn", "1", 1).setEventCount(3000).setQuality(null).build());

        assertThat(value("driftwatch_window_events")).isEqualTo(3000);
        assertThat(value("driftwatch_labelled_events")).as("window 0's, the newest labels").isEqualTo(50);

        metrics.record(Reports.window("churn", "1", 1).setRevision(1).setEventCount(3000)
            .setQuality(Reports.quality(3000, 150, 0.85, 0.9)).build());
        assertThat(value("driftwatch_labelled_events")).isEqualTo(150);
        assertThat(value("driftwatch_label_coverage") * value("driftwatch_window_events"))
            .as("coverage x events of the same window").isEqualTo(150);
        assertThat(registry.find("driftwatch_quality").tag("metric", "accuracy").gauge().value()).isEqualTo(0.85);

        // More labels of window 0, after window 1's: not back to window 0.
        metrics.recordQuality(Reports.window("churn", "1", 0).setRevision(2).setEventCount(1000)
            .setQuality(Reports.quality(1000, 900, 0.7, 0.9)).build());
        assertThat(value("driftwatch_labelled_events")).isEqualTo(150);

        // Labels of window 2 before window 2 is the newest reported window here: any report may bring them.
        metrics.recordQuality(Reports.window("churn", "1", 2).setRevision(1).setEventCount(2000)
            .setQuality(Reports.quality(2000, 400, 0.8, 0.9)).build());
        assertThat(value("driftwatch_labelled_events")).isEqualTo(400);

        metrics.withdraw("churn", "1");
        assertThat(registry.find("driftwatch_labelled_events").gauges()).isEmpty();
    }

    @Test
    void latencyFairnessAndSegmentsTheLatestReportLacksAreRemoved() {
        metrics.record(Reports.window("fraud", "3", 0)
            .setLatency(Reports.latency(1000, 12, 40, 80, 200))
            .setEstimatedQuality(Reports.estimated(1000, 0.91))
            .setFairness(List.of(Reports.fairness("gender", "f", "m", 0.1, 0.7, 0.05)))
            .setSegments(List.of(Reports.segment("region", Reports.group("eu", 600, 0.2, 500, 0.9),
                Reports.group("us", 400, 0.3, 300, 0.88))))
            .setPredictionDrift(Reports.psi("prediction", 0.05))
            .build());
        metrics.record(Reports.window("fraud", "3", 1)
            .setSegments(List.of(Reports.segment("region", Reports.group("eu", 600, 0.25, 500, 0.9))))
            .build());

        for (String name : List.of("driftwatch_inference_latency_seconds", "driftwatch_quality_estimated",
            "driftwatch_fairness", "driftwatch_prediction_drift_statistic", "driftwatch_prediction_drift")) {
            assertThat(registry.find(name).gauges()).as(name).isEmpty();
        }
        assertThat(registry.find("driftwatch_segment_positive_rate").gauges()).singleElement()
            .satisfies(g -> assertThat(g.getId().getTag("group")).isEqualTo("eu"))
            .satisfies(g -> assertThat(g.value()).isEqualTo(0.25));
        assertThat(value("driftwatch_window_end_timestamp_seconds"))
            .isEqualTo(Reports.T0.plus(Reports.WINDOW.multipliedBy(2)).getEpochSecond());
    }

    /** The verdict the prediction-drift rule reads: decided ones only, and none against another version's baseline. */
    @Test
    void predictionDriftIsExportedAsTheRuleReadsIt() {
        metrics.record(Reports.window("fraud", "3", 0).setPredictionDrift(Reports.psi("prediction", 0.3)).build());
        assertThat(value("driftwatch_prediction_drift")).isEqualTo(1.0);

        WindowReport fallback = Reports.window("fraud", "3", 1).setPredictionDrift(Reports.psi("prediction", 0.3)).build();
        fallback.getBaseline().setFallback(true);
        metrics.record(fallback);
        assertThat(registry.find("driftwatch_prediction_drift").gauges()).isEmpty();
        assertThat(registry.find("driftwatch_prediction_drift_statistic").gauges()).hasSize(1);

        metrics.record(Reports.window("fraud", "3", 2).setPredictionDrift(Reports.psi("prediction", 0.02)).build());
        assertThat(value("driftwatch_prediction_drift")).isEqualTo(0.0);
    }

    @Test
    void withdrawingAVersionRemovesEveryGaugeOfItAndNoOther() {
        metrics.record(Reports.everySection("fraud", "3"));
        metrics.record(Reports.everySection("fraud", "4"));

        metrics.withdraw("fraud", "3");

        assertThat(registry.getMeters()).filteredOn(m -> m.getId().getName().startsWith("driftwatch_"))
            .filteredOn(m -> "3".equals(m.getId().getTag("version"))).isEmpty();
        assertThat(registry.find("driftwatch_window_events").tag("version", "4").gauge()).isNotNull();
        assertThat(registry.find("driftwatch_feature_drift").tag("version", "4").gauges()).hasSize(3);
    }

    /** Series removed, by a report or a withdrawal, free their place under metrics.max.feature.series. */
    @Test
    void removedPerFeatureSeriesFreeTheirPlaceUnderTheCap() {
        // A feature with a verdict against its version's own baseline takes three: statistic, verdict, missing increase.
        ReportMetrics capped = new ReportMetrics(registry, 3);
        capped.record(Reports.withFeatures(Reports.window("a", "1", 0), List.of(Reports.psi("x", 0.4))).build());
        capped.record(Reports.withFeatures(Reports.window("b", "1", 0), List.of(Reports.psi("y", 0.4))).build());
        assertThat(registry.find("driftwatch_feature_drift").tag("model", "b").gauges()).as("over the cap").isEmpty();
        assertThat(registry.get("driftwatch_metric_series_dropped").counter().count()).isEqualTo(3);

        // x untested: its statistic and verdict go, its missing increase stays; y takes the two places freed.
        capped.record(Reports.withFeatures(Reports.window("a", "1", 1), List.of(Reports.insufficient("x"))).build());
        capped.record(Reports.withFeatures(Reports.window("b", "1", 1), List.of(Reports.psi("y", 0.4))).build());
        assertThat(registry.find("driftwatch_feature_drift").tag("model", "b").gauge().value()).isEqualTo(1.0);
        assertThat(registry.find("driftwatch_feature_missing_increase").tag("model", "b").gauges()).isEmpty();
        assertThat(registry.get("driftwatch_metric_series_dropped").counter().count()).isEqualTo(4);

        capped.withdraw("b", "1");
        capped.record(Reports.withFeatures(Reports.window("a", "1", 2), List.of(Reports.psi("x", 0.4))).build());
        assertThat(registry.find("driftwatch_feature_drift").tag("model", "a").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("driftwatch_metric_series_dropped").counter().count()).isEqualTo(4);
    }

    private static FeatureDrift uncertain(String feature, double psi) {
        return Reports.drift(feature, "psi", psi, null, 0.1, Verdict.UNCERTAIN, Map.of("psi", psi));
    }

    private Search feature(String name, String feature) {
        return registry.find(name).tag("feature", feature);
    }

    private double value(String name) {
        Gauge g = registry.find(name).gauge();
        assertThat(g).as(name).isNotNull();
        return g.value();
    }
}
