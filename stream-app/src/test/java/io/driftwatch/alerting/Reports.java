package io.driftwatch.alerting;

import io.driftwatch.schemas.BaselineRef;
import io.driftwatch.schemas.ConceptDriftResult;
import io.driftwatch.schemas.EstimatedQuality;
import io.driftwatch.schemas.FairnessReport;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.FeatureKind;
import io.driftwatch.schemas.GroupFigures;
import io.driftwatch.schemas.LatencySummary;
import io.driftwatch.schemas.QualityReport;
import io.driftwatch.schemas.QualityTask;
import io.driftwatch.schemas.SegmentReport;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Window reports for tests, every field set so no Avro default has to be resolved. */
public final class Reports {

    public static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    public static final Duration WINDOW = Duration.ofHours(1);

    private Reports() {
    }

    /** A report of window number {@code index} (0 starts at T0) with no figures beyond counts. */
    public static WindowReport.Builder window(String model, String version, int index) {
        Instant start = T0.plus(WINDOW.multipliedBy(index));
        return WindowReport.newBuilder()
                .setModelId(model)
                .setModelVersion(version)
                .setWindowStart(start)
                .setWindowEnd(start.plus(WINDOW))
                .setEmittedAt(start.plus(WINDOW).plusSeconds(5))
                .setRevision(0)
                .setBaseline(BaselineRef.newBuilder().setModelVersion(version).setSource("TRAINING_DATA")
                        .setCreatedAt(T0.minus(Duration.ofDays(7))).setRowCount(50_000).setFallback(false).build())
                .setEventCount(1000)
                .setErrorCount(0)
                .setErrorRate(0.0)
                .setLateEventCount(0)
                .setFeatures(new ArrayList<>())
                .setPredictionDrift(null)
                .setTestedFeatureCount(0)
                .setComparedFeatureCount(0)
                .setDriftedFeatureCount(0)
                .setDatasetDriftShare(0.0)
                .setDatasetDriftThreshold(0.5)
                .setDatasetDrift(false)
                .setLatency(null)
                .setQuality(null)
                .setEstimatedQuality(null)
                .setSegments(new ArrayList<>())
                .setFairness(new ArrayList<>())
                .setConceptDrift(new ArrayList<>());
    }

    /** Sets the features and the dataset figures that follow from their verdicts. */
    public static WindowReport.Builder withFeatures(WindowReport.Builder builder, List<FeatureDrift> features) {
        int tested = (int) features.stream().filter(f -> f.getVerdict() == Verdict.DRIFT
                || f.getVerdict() == Verdict.NO_DRIFT).count();
        int drifted = (int) features.stream().filter(f -> f.getVerdict() == Verdict.DRIFT).count();
        int compared = (int) features.stream().filter(f -> f.getVerdict() != Verdict.NO_BASELINE).count();
        double share = tested == 0 ? 0.0 : (double) drifted / compared;
        return builder.setFeatures(new ArrayList<>(features))
                .setTestedFeatureCount(tested)
                .setComparedFeatureCount(compared)
                .setDriftedFeatureCount(drifted)
                .setDatasetDriftShare(share)
                .setDatasetDrift(tested > 0 && share >= 0.5);
    }

    /** A feature tested with PSI (a distance; DRIFT at >= 0.1). */
    /** A report of every section the metrics export: drift, prediction drift, latency, quality, fairness, segments. */
    public static WindowReport everySection(String model, String version) {
        return withFeatures(window(model, version, 0),
                List.of(psi("amount", 0.3), ks("age", 0.2, 0.001, 0.05), psi("country", 0.01)))
            .setPredictionDrift(psi("prediction", 0.05))
            .setLatency(latency(1000, 12, 40, 80, 200))
            .setQuality(quality(1000, 800, 0.9, 0.95))
            .setEstimatedQuality(estimated(1000, 0.91))
            .setFairness(List.of(fairness("gender", "f", "m", 0.1, 0.85, 0.05)))
            .setSegments(List.of(segment("region", group("eu", 600, 0.2, 500, 0.9), group("us", 400, 0.3, 300, 0.88))))
            .build();
    }

    public static FeatureDrift psi(String feature, double psi) {
        return distance(feature, "psi", psi, 0.1);
    }

    /** A feature tested with a distance statistic. */
    public static FeatureDrift distance(String feature, String test, double statistic, double threshold) {
        return drift(feature, test, statistic, null, threshold,
                statistic >= threshold ? Verdict.DRIFT : Verdict.NO_DRIFT, Map.of(test, statistic));
    }

    /** A feature tested with KS (a p-value test; DRIFT below alpha). */
    public static FeatureDrift ks(String feature, double statistic, double pValue, double alpha) {
        return drift(feature, "ks", statistic, pValue, alpha, pValue < alpha ? Verdict.DRIFT : Verdict.NO_DRIFT,
                Map.of("ks", statistic, "ks_p_value", pValue));
    }

    public static FeatureDrift insufficient(String feature) {
        return drift(feature, "ks", null, null, 0.05, Verdict.INSUFFICIENT_DATA, Map.of());
    }

    public static FeatureDrift drift(String feature, String test, Double statistic, Double pValue, double threshold,
                                     Verdict verdict, Map<String, Double> statistics) {
        return FeatureDrift.newBuilder()
                .setFeature(feature)
                .setKind(FeatureKind.NUMERIC)
                .setTest(test)
                .setStatistic(statistic)
                .setPValue(pValue)
                .setThreshold(threshold)
                .setVerdict(verdict)
                .setErrorBound(null)
                // The baseline's share of rows with a value is the window's of its 1000 events, so that the
                // missing-values rules see no rise: 800 and 40,000 of 50,000, or 12 and 600 for a rare feature.
                .setWindowCount(verdict == Verdict.INSUFFICIENT_DATA ? 12 : 800)
                .setReferenceCount(verdict == Verdict.INSUFFICIENT_DATA ? 600 : 40_000)
                .setMissingCount(3)
                .setNonFiniteCount(0)
                .setNewCategories(new ArrayList<>())
                .setStatistics(new HashMap<>(statistics))
                .setErrorBounds(new HashMap<>())
                .build();
    }

    public static FairnessReport fairness(String attribute, String reference, String worst, double parity,
                                          double impact, Double opportunity) {
        return FairnessReport.newBuilder()
                .setAttribute(attribute)
                .setReferenceGroup(reference)
                .setWorstGroup(worst)
                .setDemographicParityDifference(parity)
                .setDisparateImpactRatio(impact)
                .setEqualOpportunityDifference(opportunity)
                .build();
    }

    public static SegmentReport segment(String attribute, GroupFigures... groups) {
        return SegmentReport.newBuilder().setAttribute(attribute).setGroups(new ArrayList<>(List.of(groups))).build();
    }

    public static GroupFigures group(String value, long count, Double positiveRate, long labelled, Double accuracy) {
        return GroupFigures.newBuilder()
                .setValue(value)
                .setCount(count)
                .setPositiveRate(positiveRate)
                .setLabelledCount(labelled)
                .setTruePositiveRate(accuracy == null ? null : accuracy - 0.05)
                .setFalsePositiveRate(accuracy == null ? null : 1 - accuracy)
                .setAccuracy(accuracy)
                .build();
    }

    public static ConceptDriftResult detector(String id, boolean detected, long observations) {
        return ConceptDriftResult.newBuilder()
                .setDetector(id)
                .setDetected(detected)
                .setWarning(false)
                .setDetectionsTotal(detected ? 1 : 0)
                .setObservations(observations)
                .setEstimate(0.12)
                .build();
    }

    public static QualityReport quality(long predicted, long labelled, double accuracy, double baselineAccuracy) {
        Map<String, Double> metrics = new HashMap<>(Map.of("accuracy", accuracy, "f1", accuracy - 0.1));
        return QualityReport.newBuilder()
                .setTask(QualityTask.BINARY_CLASSIFICATION)
                .setPredictedCount(predicted)
                .setLabelledCount(labelled)
                .setLabelCoverage((double) labelled / predicted)
                .setMetrics(metrics)
                .setPerClass(new HashMap<>())
                .setAucErrorBound(null)
                .setBaseline(new HashMap<>(Map.of("accuracy", baselineAccuracy)))
                .setChangeAbsolute(new HashMap<>(Map.of("accuracy", accuracy - baselineAccuracy)))
                .setChangeRelative(new HashMap<>(Map.of("accuracy", (accuracy - baselineAccuracy) / baselineAccuracy)))
                .build();
    }

    public static LatencySummary latency(long count, double p50, double p95, double p99, double max) {
        return LatencySummary.newBuilder().setCount(count).setP50Ms(p50).setP95Ms(p95).setP99Ms(p99).setMaxMs(max)
                .setRankError(0.0133).build();
    }

    public static EstimatedQuality estimated(long scored, double accuracy) {
        return EstimatedQuality.newBuilder().setMethod("CBPE").setMetrics(new HashMap<>(Map.of("accuracy", accuracy)))
                .setScoredCount(scored).build();
    }
}
