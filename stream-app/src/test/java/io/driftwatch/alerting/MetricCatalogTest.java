package io.driftwatch.alerting;

import static io.driftwatch.alerting.Reports.detector;
import static io.driftwatch.alerting.Reports.fairness;
import static io.driftwatch.alerting.Reports.group;
import static io.driftwatch.alerting.Reports.insufficient;
import static io.driftwatch.alerting.Reports.ks;
import static io.driftwatch.alerting.Reports.psi;
import static io.driftwatch.alerting.Reports.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.WindowReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricCatalogTest {

    /** A report with every kind of figure, to read metrics from. */
    private static final WindowReport REPORT = Reports.withFeatures(Reports.window("fraud-scorer", "3", 0),
                    List.of(psi("amount", 0.31), ks("age", 0.2, 0.0004, 0.01), insufficient("rare")))
            .setPredictionDrift(psi("prediction", 0.05))
            .setEventCount(1000)
            .setErrorCount(23)
            .setErrorRate(0.023)
            .setLatency(Reports.latency(990, 40, 120, 734, 2100))
            .setQuality(Reports.quality(1000, 600, 0.85, 0.92))
            .setEstimatedQuality(Reports.estimated(950, 0.88))
            .setSegments(List.of(segment("gender", group("f", 400, 0.2, 250, 0.8), group("m", 600, 0.3, 350, 0.9)),
                    segment("region", group("eu", 700, 0.25, 420, 0.86), group("us", 300, null, 0, null))))
            .setFairness(List.of(fairness("gender", "m", "f", 0.1, 0.6667, 0.08),
                    fairness("age_band", "30-50", "18-30", 0.05, 0.9, null)))
            .setConceptDrift(List.of(detector("adwin", true, 600), detector("ddm", false, 600)))
            .build();

    @Test
    void comparisonFiguresAreToldFromAVersionsOwnFigures() {
        assertThat(List.of("comparison.decision", "comparison.difference.accuracy", "comparison.shadow.agreement_rate",
                "comparison.always_valid_p_value.error_rate", "comparison.cumulative_difference.latency_p99"))
                .allMatch(MetricCatalog::isComparisonFigure);
        assertThat(List.of("feature.psi", "quality.accuracy", "concept_drift.detected", "events", "comparisons.decision"))
                .noneMatch(MetricCatalog::isComparisonFigure);
    }

    @Test
    void resolvesEveryFamily() {
        assertThat(MetricCatalog.parse("feature.statistic").family()).isEqualTo(MetricFamily.FEATURE_VERDICT_STATISTIC);
        assertThat(MetricCatalog.parse("feature.drift").family()).isEqualTo(MetricFamily.FEATURE_DRIFT);
        assertThat(MetricCatalog.parse("feature.ks_p_value"))
                .isEqualTo(new Metric("feature.ks_p_value", MetricFamily.FEATURE_STATISTIC, "ks_p_value"));
        assertThat(MetricCatalog.parse("dataset.drift_share").family()).isEqualTo(MetricFamily.DATASET_DRIFT_SHARE);
        assertThat(MetricCatalog.parse("dataset.drift").family()).isEqualTo(MetricFamily.DATASET_DRIFT);
        assertThat(MetricCatalog.parse("prediction.statistic").family())
                .isEqualTo(MetricFamily.PREDICTION_VERDICT_STATISTIC);
        assertThat(MetricCatalog.parse("prediction.drift").family()).isEqualTo(MetricFamily.PREDICTION_DRIFT);
        assertThat(MetricCatalog.parse("prediction.psi").family()).isEqualTo(MetricFamily.PREDICTION_STATISTIC);
        assertThat(MetricCatalog.parse("quality.label_coverage").family()).isEqualTo(MetricFamily.QUALITY_LABEL_COVERAGE);
        assertThat(MetricCatalog.parse("quality.change_absolute.rmse"))
                .isEqualTo(new Metric("quality.change_absolute.rmse", MetricFamily.QUALITY_CHANGE_ABSOLUTE, "rmse"));
        assertThat(MetricCatalog.parse("quality.change_relative.accuracy").parameter()).isEqualTo("accuracy");
        assertThat(MetricCatalog.parse("quality.roc_auc").family()).isEqualTo(MetricFamily.QUALITY);
        assertThat(MetricCatalog.parse("estimated.f1").family()).isEqualTo(MetricFamily.ESTIMATED);
        assertThat(MetricCatalog.parse("latency.max_ms").family()).isEqualTo(MetricFamily.LATENCY);
        assertThat(MetricCatalog.parse("error_rate").family()).isEqualTo(MetricFamily.ERROR_RATE);
        assertThat(MetricCatalog.parse("events").family()).isEqualTo(MetricFamily.EVENTS);
        assertThat(MetricCatalog.parse("fairness.equal_opportunity_difference").family())
                .isEqualTo(MetricFamily.FAIRNESS);
        assertThat(MetricCatalog.parse("segment.false_positive_rate").family()).isEqualTo(MetricFamily.SEGMENT);
        assertThat(MetricCatalog.parse("concept_drift.detected").family()).isEqualTo(MetricFamily.CONCEPT_DRIFT);
    }

    @Test
    void rejectsUnknownMetricsWithTheAcceptedOnes() {
        assertThatThrownBy(() -> MetricCatalog.parse("dataset.share"))
                .hasMessageStartingWith("unknown metric 'dataset.share'; use one of feature.statistic");
        assertThatThrownBy(() -> MetricCatalog.parse("fairness.parity"))
                .hasMessageContaining("fairness.<figure> takes one of demographic_parity_difference, "
                        + "disparate_impact_ratio, equal_opportunity_difference");
        assertThatThrownBy(() -> MetricCatalog.parse("feature.PSI"))
                .hasMessageContaining("is not a name of lowercase letters, digits and '_'");
        assertThatThrownBy(() -> MetricCatalog.parse("quality.change_relative."))
                .hasMessageContaining("unknown metric 'quality.change_relative.'");
        assertThatThrownBy(() -> MetricCatalog.parse(" ")).hasMessageStartingWith("metric is empty");
        assertThat(MetricCatalog.warningFor(MetricCatalog.parse("quality.acuracy")))
                .hasValueSatisfying(w -> assertThat(w).contains("did you mean 'accuracy'?"));
        assertThat(MetricCatalog.warningFor(MetricCatalog.parse("quality.accuracy"))).isEmpty();
        assertThat(MetricCatalog.warningFor(MetricCatalog.parse("latency.p99_ms"))).isEmpty();
    }

    /** A rule on any figure reports carry is not warned about (the statistics as FeatureDriftEvaluatorTest pins them). */
    @Test
    void everyFigureReportsCarryIsKnown() {
        for (String statistic : List.of("psi", "ks", "ks_p_value", "wasserstein", "jensen_shannon", "hellinger", "kl",
                "binned_chi_square", "binned_chi_square_p_value", "chi_square", "chi_square_p_value", "total_variation",
                "chi_square_pooled_p_value", "z_test", "z_test_p_value")) {
            assertThat(MetricCatalog.warningFor(MetricCatalog.parse("feature." + statistic))).as(statistic).isEmpty();
            assertThat(MetricCatalog.warningFor(MetricCatalog.parse("prediction." + statistic))).as(statistic).isEmpty();
        }
        for (io.driftwatch.performance.QualityMetric metric : io.driftwatch.performance.QualityMetric.values()) {
            assertThat(MetricCatalog.warningFor(MetricCatalog.parse("quality." + metric.key()))).as(metric.key()).isEmpty();
            assertThat(MetricCatalog.warningFor(MetricCatalog.parse("quality.change_relative." + metric.key()))).isEmpty();
        }
    }

    @Test
    void readsFeatureFiguresWithTheirSampleCounts() {
        assertThat(observe("feature.statistic")).containsExactly(
                new Observation("amount", null, 0.31, 800), new Observation("age", null, 0.2, 800));
        assertThat(observe("feature.drift")).containsExactly(
                new Observation("amount", null, 1, 800), new Observation("age", null, 1, 800));
        assertThat(observe("feature.psi")).containsExactly(new Observation("amount", null, 0.31, 800));
        assertThat(observe("feature.ks_p_value")).containsExactly(new Observation("age", null, 0.0004, 800));
        assertThat(observe("feature.hellinger")).isEmpty();
    }

    @Test
    void readsModelFigures() {
        // Two of the three features drifted: 'rare' has too few values to be tested, and counts as not drifted.
        assertThat(observe("dataset.drift_share")).containsExactly(new Observation(null, null, 2.0 / 3, 1000));
        assertThat(observe("dataset.drift")).containsExactly(new Observation(null, null, 1, 1000));
        assertThat(observe("prediction.statistic")).containsExactly(new Observation(null, null, 0.05, 800));
        assertThat(observe("prediction.drift")).containsExactly(new Observation(null, null, 0, 800));
        assertThat(observe("quality.accuracy")).containsExactly(new Observation(null, null, 0.85, 600));
        assertThat(observe("quality.change_absolute.accuracy").get(0).value()).isCloseTo(-0.07, within());
        assertThat(observe("quality.change_relative.accuracy").get(0).value()).isCloseTo(-0.07 / 0.92, within());
        assertThat(observe("quality.label_coverage")).containsExactly(new Observation(null, null, 0.6, 1000));
        assertThat(observe("quality.rmse")).isEmpty();
        assertThat(observe("estimated.accuracy")).containsExactly(new Observation(null, null, 0.88, 950));
        assertThat(observe("latency.p50_ms")).containsExactly(new Observation(null, null, 40, 990));
        assertThat(observe("latency.p95_ms")).containsExactly(new Observation(null, null, 120, 990));
        assertThat(observe("latency.p99_ms")).containsExactly(new Observation(null, null, 734, 990));
        assertThat(observe("latency.max_ms")).containsExactly(new Observation(null, null, 2100, 990));
        assertThat(observe("error_rate")).containsExactly(new Observation(null, null, 0.023, 1000));
        assertThat(observe("events")).containsExactly(new Observation(null, null, 1000, 1000));
    }

    @Test
    void readsFairnessPerAttributeAndFiguresPerGroup() {
        assertThat(observe("fairness.disparate_impact_ratio")).containsExactly(
                new Observation(null, "gender", 0.6667, 400), new Observation(null, "age_band", 0.9, 1000));
        assertThat(observe("fairness.equal_opportunity_difference")).containsExactly(
                new Observation(null, "gender", 0.08, 250));
        assertThat(observe("segment.positive_rate")).containsExactly(
                new Observation(null, "gender=f", 0.2, 400), new Observation(null, "gender=m", 0.3, 600),
                new Observation(null, "region=eu", 0.25, 700));
        assertThat(observe("segment.accuracy")).containsExactly(
                new Observation(null, "gender=f", 0.8, 250), new Observation(null, "gender=m", 0.9, 350),
                new Observation(null, "region=eu", 0.86, 420));
        assertThat(observe("concept_drift.detected")).containsExactly(
                new Observation("adwin", null, 1, 600), new Observation("ddm", null, 0, 600));
    }

    @Test
    void aReportWithoutFiguresHasNoObservations() {
        WindowReport empty = Reports.window("m", "1", 0).setEventCount(0).build();

        for (String metric : List.of("feature.drift", "dataset.drift_share", "dataset.drift", "prediction.drift",
                "quality.accuracy", "quality.label_coverage", "estimated.accuracy", "latency.p99_ms", "error_rate",
                "fairness.disparate_impact_ratio", "segment.accuracy", "concept_drift.detected")) {
            assertThat(MetricCatalog.parse(metric).observe(empty)).as(metric).isEmpty();
        }
        assertThat(MetricCatalog.parse("events").observe(empty)).containsExactly(new Observation(null, null, 0, 0));
    }

    @Test
    void everyFamilyIsDocumented() {
        assertThat(MetricCatalog.families()).hasSize(MetricFamily.values().length).allSatisfy(family -> {
            assertThat(family.description()).isNotBlank();
            assertThat(family.sampleCountMeaning()).isNotBlank();
            assertThat(family.syntax()).isNotBlank();
        });
    }

    private static List<Observation> observe(String metric) {
        return MetricCatalog.parse(metric).observe(REPORT);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-12);
    }
}
