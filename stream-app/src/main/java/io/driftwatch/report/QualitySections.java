package io.driftwatch.report;

import io.driftwatch.config.DriftwatchConfig.FairnessSettings;
import io.driftwatch.performance.ClassificationMetrics;
import io.driftwatch.performance.ConfidenceBasedEstimator;
import io.driftwatch.performance.DetectorSet;
import io.driftwatch.performance.FairnessCalculator;
import io.driftwatch.performance.GroupStats;
import io.driftwatch.performance.PerClassMetrics;
import io.driftwatch.performance.QualityComparison;
import io.driftwatch.performance.RegressionMetrics;
import io.driftwatch.performance.SegmentAccumulator;
import io.driftwatch.performance.WindowQuality;
import io.driftwatch.schemas.ClassMetrics;
import io.driftwatch.schemas.ConceptDriftResult;
import io.driftwatch.schemas.EstimatedQuality;
import io.driftwatch.schemas.FairnessReport;
import io.driftwatch.schemas.GroupFigures;
import io.driftwatch.schemas.QualityReport;
import io.driftwatch.schemas.QualityTask;
import io.driftwatch.schemas.SegmentReport;
import io.driftwatch.stats.DoublingLooks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the quality parts of a window report: realised quality with label coverage and its change
 * against the baseline, the label-free estimate, per-segment figures, fairness, and concept drift.
 */
public final class QualitySections {

    private final FairnessSettings fairness;
    private final FairnessCalculator calculator;

    public QualitySections(FairnessSettings fairness) {
        this.fairness = fairness;
        this.calculator = new FairnessCalculator(new FairnessCalculator.Config(fairness.minGroupCount(),
            fairness.referenceGroups()));
    }

    /**
     * Whether a window whose latest report had {@code previous} quality must be re-reported because its
     * labels have just become complete: it has labels, and no report of it said so yet.
     */
    public static boolean completes(QualityReport previous, Boolean complete) {
        return previous != null && Boolean.TRUE.equals(complete) && !Boolean.TRUE.equals(previous.getLabelsComplete());
    }

    /**
     * The labelled count at the window's latest look for a quality drop once a report with
     * {@code labelled} labels is made ({@link DoublingLooks}). The report that finds the labels complete
     * is a look whatever its count, and no report after it is one: the test has spent its level.
     *
     * @param previous the quality of the window's latest earlier report, null for its first report
     */
    public static long dropTestLook(QualityReport previous, long labelled, Boolean complete) {
        long lastLook = lastLook(previous);
        if (previous != null && Boolean.TRUE.equals(previous.getLabelsComplete())) {
            return lastLook;
        }
        return Boolean.TRUE.equals(complete) ? labelled : DoublingLooks.next(lastLook, labelled);
    }

    /**
     * The labelled count at the last look of a window whose latest report had {@code previous}: 0
     * before any label, and that report's labelled count when it was written before looks were
     * recorded (it was tested then).
     */
    private static long lastLook(QualityReport previous) {
        if (previous == null) {
            return 0;
        }
        Long look = previous.getDropTestLabelledCount();
        return look != null ? look : previous.getLabelledCount();
    }

    /**
     * Realised quality, or null before any label was joined.
     *
     * @param previous the quality of this window's latest earlier report, null for its first report
     * @param complete whether the window's labels are all in ({@link
     *                 io.driftwatch.config.DriftwatchConfig.LabelSettings#complete}), null when unknown
     */
    public QualityReport quality(WindowQuality q, long predicted, QualityBaseline baseline, QualityReport previous,
                                 Boolean complete) {
        if (q == null || q.labelled() == 0) {
            return null;
        }
        Map<String, Double> metrics;
        Map<String, ClassMetrics> perClass = new TreeMap<>();
        QualityTask task;
        Double aucBound = null;
        if (q.classifier() != null && q.classifier().count() > 0) {
            ClassificationMetrics m = q.classifier().metrics().orElseThrow();
            metrics = m.toMetricMap();
            for (Map.Entry<String, PerClassMetrics> e : m.perClass().entrySet()) {
                PerClassMetrics c = e.getValue();
                perClass.put(e.getKey(), new ClassMetrics(c.precision(), c.recall(), c.f1(), c.support()));
            }
            task = m.perClass().size() <= 2 ? QualityTask.BINARY_CLASSIFICATION : QualityTask.MULTICLASS_CLASSIFICATION;
            aucBound = m.aucErrorBound();
        } else {
            RegressionMetrics m = q.regression().metrics().orElseThrow();
            metrics = m.toMetricMap();
            task = QualityTask.REGRESSION;
        }
        QualityBaseline chosen = baseline == null ? QualityBaseline.NONE : baseline;
        Map<String, Double> base = chosen.metrics();
        QualityComparison comparison = QualityComparison.of(metrics, base);
        long labelled = q.labelled();
        return QualityReport.newBuilder()
            .setTask(task)
            .setPredictedCount(predicted)
            .setLabelledCount(labelled)
            .setLabelCoverage(predicted == 0 ? 0.0 : Math.min(1.0, (double) labelled / predicted))
            .setMetrics(new TreeMap<>(metrics))
            .setPerClass(perClass)
            .setAucErrorBound(aucBound)
            .setBaseline(new TreeMap<>(filter(base, metrics)))
            .setChangeAbsolute(new TreeMap<>(comparison.absoluteChanges()))
            .setChangeRelative(new TreeMap<>(comparison.relativeChanges()))
            .setBaselineLabelledCount(base.isEmpty() ? null : chosen.labelledCount())
            .setDropTestLabelledCount(dropTestLook(previous, labelled, complete))
            .setLabelsComplete(complete)
            .build();
    }

    private static Map<String, Double> filter(Map<String, Double> baseline, Map<String, Double> metrics) {
        Map<String, Double> out = new HashMap<>();
        baseline.forEach((k, v) -> {
            if (metrics.containsKey(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Confidence-based estimate from the window's scores, or null without scores. */
    public EstimatedQuality estimated(ConfidenceBasedEstimator estimator) {
        if (estimator == null) {
            return null;
        }
        return estimator.estimate().map(e -> EstimatedQuality.newBuilder()
            .setMethod(io.driftwatch.performance.EstimatedClassificationMetrics.METHOD)
            .setMetrics(new TreeMap<>(e.toMetricMap()))
            .setScoredCount(e.count())
            .build()).orElse(null);
    }

    /** Prediction-side and label-side segment counts added together; either may be null. */
    public static SegmentAccumulator combined(SegmentAccumulator predictions, SegmentAccumulator outcomes) {
        if (predictions == null) {
            return outcomes;
        }
        SegmentAccumulator sum = SegmentAccumulator.fromBytes(predictions.toBytes());
        if (outcomes != null) {
            sum.merge(outcomes);
        }
        return sum;
    }

    public List<SegmentReport> segments(SegmentAccumulator segments) {
        List<SegmentReport> out = new ArrayList<>();
        if (segments == null) {
            return out;
        }
        for (String attribute : segments.attributes()) {
            List<GroupFigures> groups = new ArrayList<>();
            for (GroupStats g : segments.groups(attribute)) {
                groups.add(GroupFigures.newBuilder()
                    .setValue(g.value())
                    .setCount(g.count())
                    .setPositiveRate(g.positiveRate())
                    .setLabelledCount(g.labelledCount())
                    .setTruePositiveRate(g.truePositiveRate())
                    .setFalsePositiveRate(g.falsePositiveRate())
                    .setAccuracy(g.accuracy())
                    .build());
            }
            out.add(new SegmentReport(attribute, groups));
        }
        return out;
    }

    public List<FairnessReport> fairness(SegmentAccumulator segments) {
        List<FairnessReport> out = new ArrayList<>();
        if (segments == null) {
            return out;
        }
        for (String attribute : fairness.protectedAttributes()) {
            if (!segments.attributes().contains(attribute)) {
                continue;
            }
            io.driftwatch.performance.FairnessReport f = calculator.evaluate(attribute, segments.groups(attribute));
            if (f.referenceGroup() == null) {
                continue; // no group large enough to compare with
            }
            out.add(FairnessReport.newBuilder()
                .setAttribute(attribute)
                .setReferenceGroup(f.referenceGroup())
                .setWorstGroup(f.worstGroup())
                .setDemographicParityDifference(f.demographicParityDifference())
                .setDisparateImpactRatio(f.disparateImpactRatio())
                .setEqualOpportunityDifference(f.equalOpportunityDifference())
                .build());
        }
        return out;
    }

    public static List<ConceptDriftResult> conceptDrift(List<DetectorSet.Result> results) {
        List<ConceptDriftResult> out = new ArrayList<>();
        for (DetectorSet.Result r : results) {
            out.add(ConceptDriftResult.newBuilder()
                .setDetector(r.detector())
                .setDetected(r.detected())
                .setWarning(r.warning())
                .setDetectionsTotal(r.detectionsTotal())
                .setObservations(r.observations())
                .setEstimate(r.estimate())
                .build());
        }
        return out;
    }
}
