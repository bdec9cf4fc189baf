package io.driftwatch.alerting;

import static io.driftwatch.alerting.Reports.distance;
import static io.driftwatch.alerting.Reports.insufficient;
import static io.driftwatch.alerting.Reports.ks;
import static io.driftwatch.alerting.Reports.psi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.FeatureEvidence;
import io.driftwatch.schemas.Severity;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.WindowReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertFactoryTest {

    private static final Instant NOW = Instant.parse("2026-11-22T11:00:07Z");

    private static final WindowReport REPORT = Reports.withFeatures(Reports.window("fraud-scorer", "3", 0), List.of(
                    psi("amount", 0.31),
                    ks("age", 0.12, 0.3, 0.001),
                    ks("merchant", 0.4, 1e-6, 0.001),
                    distance("country", "jensen_shannon", 0.15, 0.1),
                    ks("hour", 0.2, 0.0009, 0.001),
                    distance("device", "wasserstein", 0.3, 0.1),
                    psi("channel", 0.05),
                    lostSinceTheBaseline(insufficient("rare"))))
            .setLatency(Reports.latency(990, 40, 120, 734, 2100))
            .setQuality(Reports.quality(1000, 600, 0.85, 0.92))
            .setFairness(List.of(Reports.fairness("gender", "m", "f", 0.1, 0.6667, 0.08)))
            .setConceptDrift(List.of(Reports.detector("adwin", true, 600)))
            .build();

    @Test
    void buildsADriftAlertWithItsEvidence() {
        Rule rule = Rule.builder("feature-psi-major", "feature.psi", ComparisonOperator.GREATER_OR_EQUAL, 0.25,
                        Severity.CRITICAL).resolveAfter(2).labels(Map.of("team", "risk"))
                .runbookUrl("https://runbooks.example.com/psi").description("major shift").build();
        Observation observation = new Observation("amount", null, 0.31, 800);

        Alert alert = AlertFactory.build(rule, REPORT, observation, "b0ec2f0003e203a919ef5e1fc7f6b25a",
                firing(rule, observation), NOW);

        assertThat(alert.getSummary()).isEqualTo("fraud-scorer v3: feature 'amount' drifted, PSI 0.31 \u2265 0.25 (critical)");
        assertThat(alert.getFingerprint()).isEqualTo("b0ec2f0003e203a919ef5e1fc7f6b25a");
        assertThat(alert.getModelId()).isEqualTo("fraud-scorer");
        assertThat(alert.getModelVersion()).isEqualTo("3");
        assertThat(alert.getRule()).isEqualTo("feature-psi-major");
        assertThat(alert.getMetric()).isEqualTo("feature.psi");
        assertThat(alert.getFeature()).isEqualTo("amount");
        assertThat(alert.getSegment()).isNull();
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.getObservedValue()).isEqualTo(0.31);
        assertThat(alert.getThreshold()).isEqualTo(0.25);
        assertThat(alert.getComparator()).isEqualTo(">=");
        assertThat(alert.getWindowStart()).isEqualTo(REPORT.getWindowStart());
        assertThat(alert.getWindowEnd()).isEqualTo(REPORT.getWindowEnd());
        assertThat(alert.getStartsAt()).isEqualTo(REPORT.getWindowEnd());
        assertThat(alert.getEndsAt()).isNull();
        assertThat(alert.getEmittedAt()).isEqualTo(NOW);
        assertThat(alert.getLabels()).containsExactly(Map.entry("team", "risk"));
        assertThat(alert.getRunbookUrl()).isEqualTo("https://runbooks.example.com/psi");

        var evidence = alert.getEvidence();
        assertThat(evidence.getEventCount()).isEqualTo(1000);
        assertThat(evidence.getSampleCount()).isEqualTo(800);
        assertThat(evidence.getBaselineVersion()).isEqualTo("3");
        assertThat(evidence.getBaselineSource()).isEqualTo("TRAINING_DATA");
        assertThat(evidence.getBaselineRowCount()).isEqualTo(50_000);
        assertThat(evidence.getWindowsInBreach()).isEqualTo(1);
        assertThat(evidence.getDetails()).containsEntry("test", "psi").containsEntry("statistic", "0.31")
                .containsEntry("verdict", "DRIFT").containsEntry("test_threshold", "0.1")
                .containsEntry("window_count", "800").containsEntry("reference_count", "40000")
                .containsEntry("missing_count", "3").containsEntry("description", "major shift")
                .containsEntry("for", "1").containsEntry("resolve_after", "2").containsEntry("report_revision", "0");
    }

    @Test
    void listsTheFiveMostDriftedFeaturesDriftFirstThenByPValueThenByDistanceOverThreshold() {
        Rule rule = Rule.builder("dataset-drift", "dataset.drift_share", ComparisonOperator.GREATER_OR_EQUAL, 0.5,
                Severity.CRITICAL).build();
        Observation observation = new Observation(null, null, REPORT.getDatasetDriftShare(), 1000);

        Alert alert = AlertFactory.build(rule, REPORT, observation, "fp", firing(rule, observation), NOW);

        assertThat(alert.getEvidence().getTopFeatures()).extracting(FeatureEvidence::getFeature)
                .containsExactly("merchant", "hour", "amount", "device", "country");
        FeatureEvidence first = alert.getEvidence().getTopFeatures().get(0);
        assertThat(first.getTest()).isEqualTo("ks");
        assertThat(first.getPValue()).isEqualTo(1e-6);
        assertThat(first.getStatistic()).isEqualTo(0.4);
        assertThat(first.getThreshold()).isEqualTo(0.001);
        assertThat(first.getVerdict()).isEqualTo("DRIFT");
        assertThat(alert.getSummary()).isEqualTo(
                "fraud-scorer v3: 5 of 8 features drifted, share 0.625 \u2265 0.5 (critical)");
        // 'rare' has too few values for a verdict: not tested, but one of the eight the share is over.
        assertThat(alert.getEvidence().getDetails()).containsEntry("tested_feature_count", "7")
                .containsEntry("compared_feature_count", "8")
                .containsEntry("drifted_feature_count", "5")
                .containsEntry("drifted_features", "merchant, hour, amount, device, country");
        // With fewer drifted features, the least undrifted follow: p-value tests first, then distances.
        assertThat(DriftedFeatureRanking.mostDrifted(REPORT.getFeatures(), 10)).extracting(f -> f.getFeature())
                .containsExactly("merchant", "hour", "amount", "device", "country", "age", "channel");
    }

    @Test
    void buildsAResolvedAlertWithItsEndAndTheClearRun() {
        Rule rule = Rule.builder("latency-p99", "latency.p99_ms", ComparisonOperator.GREATER_OR_EQUAL, 500,
                Severity.WARNING).resolveAfter(2).build();
        AlertState state = AlertState.initial();
        state = AlertLifecycle.evaluate(rule, state, Optional.of(new Observation(null, null, 800, 990)),
                REPORT.getWindowStart()).state();
        state = AlertLifecycle.evaluate(rule, state, Optional.of(new Observation(null, null, 300, 990)),
                REPORT.getWindowStart().plusSeconds(1800)).state();
        Observation observation = new Observation(null, null, 400, 990);
        AlertLifecycle.Evaluation resolved = AlertLifecycle.evaluate(rule, state, Optional.of(observation),
                REPORT.getWindowEnd());

        Alert alert = AlertFactory.build(rule, REPORT, observation, "fp", resolved, NOW);

        assertThat(alert.getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.getStartsAt()).isEqualTo(REPORT.getWindowStart());
        assertThat(alert.getEndsAt()).isEqualTo(REPORT.getWindowEnd());
        assertThat(alert.getEvidence().getWindowsInBreach()).isEqualTo(2);
        assertThat(alert.getEvidence().getTopFeatures()).isEmpty();
        assertThat(alert.getEvidence().getDetails()).containsEntry("p99_ms", "734.0").containsEntry("count", "990");
        assertThat(alert.getSummary()).isEqualTo(
                "fraud-scorer v3: resolved after 2 windows: p99 latency 400 ms, not \u2265 500 ms (warning)");
    }

    @Test
    void summarisesEachKindOfRuleReadably() {
        assertThat(summary("latency.p99_ms", ComparisonOperator.GREATER_OR_EQUAL, 500, new Observation(null, null, 734, 990)))
                .isEqualTo("fraud-scorer v3: p99 latency 734 ms \u2265 500 ms (warning)");
        assertThat(summary("quality.change_relative.accuracy", ComparisonOperator.LESS_OR_EQUAL, -0.05,
                new Observation(null, null, -0.07 / 0.92, 600)))
                .isEqualTo("fraud-scorer v3: accuracy relative change vs baseline -0.07609 \u2264 -0.05 (warning)");
        assertThat(summary("fairness.disparate_impact_ratio", ComparisonOperator.LESS, 0.8,
                new Observation(null, "gender", 0.6667, 400)))
                .isEqualTo("fraud-scorer v3: attribute 'gender' disparate impact ratio 0.6667 < 0.8 "
                        + "(group 'f' against 'm') (warning)");
        assertThat(summary("feature.drift", ComparisonOperator.EQUAL, 1, new Observation("merchant", null, 1, 800)))
                .isEqualTo("fraud-scorer v3: feature 'merchant' drifted (KS p-value 1.000e-06 < 0.001) (warning)");
        assertThat(summary("feature.drift", ComparisonOperator.EQUAL, 1, new Observation("device", null, 1, 800)))
                .isEqualTo("fraud-scorer v3: feature 'device' drifted (Wasserstein distance 0.3 \u2265 0.1) (warning)");
        // "rare": 12 usable values of 1000 events; its baseline has 50,000 of 50,000 rows.
        assertThat(summary("feature.missing_increase", ComparisonOperator.GREATER_OR_EQUAL, 0.5,
                new Observation("rare", null, 0.988, 1000)))
                .isEqualTo("fraud-scorer v3: feature 'rare' without a usable value in 98.8% of the events, 0% in the "
                        + "baseline (increase 0.988 \u2265 0.5) (warning)");
        assertThat(summary("concept_drift.detected", ComparisonOperator.EQUAL, 1, new Observation("adwin", null, 1, 600)))
                .isEqualTo("fraud-scorer v3: concept drift detected by adwin (warning)");
        assertThat(summary("error_rate", ComparisonOperator.GREATER_OR_EQUAL, 0.01,
                new Observation(null, null, 0.023, 1000)))
                .isEqualTo("fraud-scorer v3: error rate 0.023 \u2265 0.01 (warning)");
        assertThat(summary("segment.accuracy", ComparisonOperator.LESS, 0.85,
                new Observation(null, "region=eu", 0.8, 250)))
                .isEqualTo("fraud-scorer v3: segment region=eu accuracy 0.8 < 0.85 (warning)");
    }

    @Test
    void refusesAnEvaluationWithoutTransition() {
        Rule rule = Rule.builder("r", "events", ComparisonOperator.LESS, 1, Severity.INFO).build();
        AlertLifecycle.Evaluation quiet = new AlertLifecycle.Evaluation(AlertState.initial(), Optional.empty());

        assertThatThrownBy(() -> AlertFactory.build(rule, REPORT, new Observation(null, null, 5, 5), "fp", quiet, NOW))
                .hasMessageContaining("has no transition");
    }

    private static String summary(String metric, ComparisonOperator comparator, double threshold,
                                  Observation observation) {
        Rule rule = Rule.builder("r", metric, comparator, threshold, Severity.WARNING).build();
        return AlertFactory.build(rule, REPORT, observation, "fp", firing(rule, observation), NOW).getSummary();
    }

    private static AlertLifecycle.Evaluation firing(Rule rule, Observation observation) {
        AlertLifecycle.Evaluation evaluation = AlertLifecycle.evaluate(rule, AlertState.initial(),
                Optional.of(observation), REPORT.getWindowEnd());
        assertThat(evaluation.transition()).contains(AlertStatus.FIRING);
        return evaluation;
    }

    /** A feature the baseline has in every one of its 50,000 rows. */
    private static FeatureDrift lostSinceTheBaseline(FeatureDrift feature) {
        feature.setReferenceCount(50_000);
        return feature;
    }
}
