package io.driftwatch.alerting;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertEvidence;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.BaselineRef;
import io.driftwatch.schemas.ConceptDriftResult;
import io.driftwatch.schemas.EstimatedQuality;
import io.driftwatch.schemas.FairnessReport;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.FeatureEvidence;
import io.driftwatch.schemas.GroupFigures;
import io.driftwatch.schemas.LatencySummary;
import io.driftwatch.schemas.QualityReport;
import io.driftwatch.schemas.SegmentReport;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Builds the {@link Alert} of a transition with its evidence: the observed value against the
 * rule's threshold and comparator, the window, event and sample counts, the baseline compared
 * with, the consecutive windows behind the transition, the five most drifted features (for drift
 * metrics; order in {@link DriftedFeatureRanking}), further figures of the rule's family in
 * {@code details}, the rule's labels and runbook, and a one-line summary.
 */
public final class AlertFactory {

    /** How many drifted features drift alerts carry as evidence. */
    public static final int TOP_FEATURES = 5;

    private AlertFactory() {
    }

    /**
     * The alert for one transition.
     *
     * @param rule        the rule that transitioned
     * @param report      the window report that caused it
     * @param observation the observation of that window
     * @param fingerprint the alert's fingerprint ({@link AlertFingerprint})
     * @param evaluation  the lifecycle's evaluation; must carry a transition
     * @param emittedAt   wall-clock time of emission
     */
    public static Alert build(Rule rule, WindowReport report, Observation observation, String fingerprint,
                              AlertLifecycle.Evaluation evaluation, Instant emittedAt) {
        return build(rule, report, observation, fingerprint, evaluation, emittedAt, null);
    }

    /**
     * The alert for one transition, saying why a RESOLVED alert resolved although its figure still
     * crosses the threshold (in the summary and in {@code details.resolved_because}).
     *
     * @param resolvedBecause e.g. "inhibited by feature-psi-major"; null when the figure cleared
     */
    public static Alert build(Rule rule, WindowReport report, Observation observation, String fingerprint,
                              AlertLifecycle.Evaluation evaluation, Instant emittedAt, String resolvedBecause) {
        AlertStatus status = status(rule, evaluation);
        int windows = evaluation.windowsInRun();
        return transition(rule, observation, fingerprint, evaluation, report.getWindowStart(), report.getWindowEnd(),
                    emittedAt)
                .setModelId(report.getModelId())
                .setModelVersion(report.getModelVersion())
                .setFeature(observation.feature())
                .setSegment(observation.segment())
                .setSummary(AlertSummary.of(rule, report, observation, status, windows,
                        status == AlertStatus.RESOLVED ? resolvedBecause : null))
                .setEvidence(evidence(rule, report, observation, windows,
                        status == AlertStatus.RESOLVED ? resolvedBecause : null))
                .setLabels(new TreeMap<>(rule.labels()))
                .build();
    }

    /**
     * What every alert of a rule's transition carries, whatever the rule judged (a window report, a
     * comparison): the rule, the observation, the lifecycle's status and times. The caller adds what names
     * the judged thing (model, version, feature, segment), the summary, the evidence and the labels.
     *
     * @param evaluation the lifecycle's evaluation; must carry a transition
     */
    public static Alert.Builder transition(Rule rule, Observation observation, String fingerprint,
                                           AlertLifecycle.Evaluation evaluation, Instant windowStart, Instant windowEnd,
                                           Instant emittedAt) {
        AlertStatus status = status(rule, evaluation);
        Objects.requireNonNull(fingerprint, "fingerprint");
        Instant startsAt = evaluation.state().startsAt();
        return Alert.newBuilder()
                .setFingerprint(fingerprint)
                .setRule(rule.name())
                .setMetric(rule.metric().id())
                .setSeverity(rule.severity())
                .setStatus(status)
                .setObservedValue(observation.value())
                .setThreshold(rule.threshold())
                .setComparator(rule.comparator().symbol())
                .setWindowStart(windowStart)
                .setWindowEnd(windowEnd)
                .setStartsAt(startsAt != null ? startsAt : windowEnd)
                .setEndsAt(status == AlertStatus.RESOLVED ? windowEnd : null)
                .setEmittedAt(emittedAt)
                .setRunbookUrl(rule.runbookUrl());
    }

    private static AlertStatus status(Rule rule, AlertLifecycle.Evaluation evaluation) {
        return evaluation.transition().orElseThrow(() -> new IllegalArgumentException(
                "evaluation of rule '" + rule.name() + "' has no transition; alerts are built for transitions only"));
    }

    private static AlertEvidence evidence(Rule rule, WindowReport report, Observation observation, int windows,
                                          String resolvedBecause) {
        BaselineRef baseline = report.getBaseline();
        List<FeatureEvidence> top = rule.metric().family().isDriftEvidence()
                ? DriftedFeatureRanking.mostDrifted(report.getFeatures(), TOP_FEATURES).stream()
                        .map(AlertFactory::featureEvidence).toList()
                : List.of();
        return AlertEvidence.newBuilder()
                .setEventCount(report.getEventCount())
                .setSampleCount(observation.sampleCount())
                .setBaselineVersion(baseline == null ? null : baseline.getModelVersion())
                .setBaselineSource(baseline == null ? null : baseline.getSource())
                .setBaselineRowCount(baseline == null ? 0 : baseline.getRowCount())
                .setWindowsInBreach(windows)
                .setTopFeatures(top)
                .setDetails(details(rule, report, observation, resolvedBecause))
                .build();
    }

    private static FeatureEvidence featureEvidence(FeatureDrift drift) {
        return FeatureEvidence.newBuilder()
                .setFeature(drift.getFeature())
                .setTest(drift.getTest())
                .setStatistic(drift.getStatistic())
                .setPValue(drift.getPValue())
                .setThreshold(drift.getThreshold())
                .setVerdict(drift.getVerdict().name())
                .build();
    }

    private static Map<String, String> details(Rule rule, WindowReport report, Observation observation,
                                               String resolvedBecause) {
        Map<String, String> details = new TreeMap<>();
        if (resolvedBecause != null) {
            details.put("resolved_because", resolvedBecause);
        }
        details.put("report_revision", Integer.toString(report.getRevision()));
        details.put("for", Integer.toString(rule.forWindows()));
        details.put("resolve_after", Integer.toString(rule.resolveAfter()));
        if (rule.resolveThreshold() != null) {
            details.put("resolve_threshold", SummaryText.number(rule.resolveThreshold()));
        }
        if (rule.minSamples() > 0) {
            details.put("min_samples", Long.toString(rule.minSamples()));
        }
        if (rule.description() != null) {
            details.put("description", rule.description());
        }
        String parameter = rule.metric().parameter();
        switch (rule.metric().family()) {
            case FEATURE_VERDICT_STATISTIC, FEATURE_DRIFT, FEATURE_STATISTIC, PREDICTION_VERDICT_STATISTIC,
                 PREDICTION_DRIFT, PREDICTION_STATISTIC -> {
                FeatureDrift drift = AlertSummary.driftOf(report, rule.metric(), observation);
                if (drift != null) {
                    driftDetails(details, drift, parameter);
                }
            }
            case DATASET_DRIFT, DATASET_DRIFT_SHARE -> {
                details.put("tested_feature_count", Integer.toString(report.getTestedFeatureCount()));
                details.put("compared_feature_count", Integer.toString(report.getComparedFeatureCount()));
                details.put("drifted_feature_count", Integer.toString(report.getDriftedFeatureCount()));
                details.put("dataset_drift_share", Double.toString(report.getDatasetDriftShare()));
                details.put("dataset_drift_threshold", Double.toString(report.getDatasetDriftThreshold()));
                // All of them, most drifted first: the dataset alert stands for the per-feature
                // alerts it inhibits (see Inhibition), so it names every feature they would have.
                details.put("drifted_features", String.join(", ", DriftedFeatureRanking
                        .mostDrifted(report.getFeatures(), Integer.MAX_VALUE).stream()
                        .filter(drift -> drift.getVerdict() == Verdict.DRIFT).map(FeatureDrift::getFeature).toList()));
            }
            case QUALITY, QUALITY_CHANGE_ABSOLUTE, QUALITY_CHANGE_RELATIVE, QUALITY_LABEL_COVERAGE -> {
                QualityReport quality = report.getQuality();
                details.put("task", quality.getTask().name());
                details.put("predicted_count", Long.toString(quality.getPredictedCount()));
                details.put("labelled_count", Long.toString(quality.getLabelledCount()));
                details.put("label_coverage", Double.toString(quality.getLabelCoverage()));
                // What the drop test counted: the labels behind the baseline and those of the window's look.
                if (quality.getBaselineLabelledCount() != null) {
                    details.put("baseline_labelled_count", Long.toString(quality.getBaselineLabelledCount()));
                }
                if (quality.getDropTestLabelledCount() != null) {
                    details.put("drop_test_labelled_count", Long.toString(quality.getDropTestLabelledCount()));
                }
                if (parameter != null) {
                    putIfPresent(details, "value", quality.getMetrics().get(parameter));
                    putIfPresent(details, "baseline", quality.getBaseline().get(parameter));
                    if ("roc_auc".equals(parameter)) {
                        putIfPresent(details, "auc_error_bound", quality.getAucErrorBound());
                    }
                }
            }
            case ESTIMATED -> {
                EstimatedQuality estimated = report.getEstimatedQuality();
                details.put("method", estimated.getMethod());
                details.put("scored_count", Long.toString(estimated.getScoredCount()));
            }
            case LATENCY -> {
                LatencySummary latency = report.getLatency();
                details.put("count", Long.toString(latency.getCount()));
                details.put("p50_ms", Double.toString(latency.getP50Ms()));
                details.put("p95_ms", Double.toString(latency.getP95Ms()));
                details.put("p99_ms", Double.toString(latency.getP99Ms()));
                details.put("max_ms", Double.toString(latency.getMaxMs()));
                details.put("rank_error", Double.toString(latency.getRankError()));
            }
            case ERROR_RATE, EVENTS -> {
                details.put("event_count", Long.toString(report.getEventCount()));
                details.put("error_count", Long.toString(report.getErrorCount()));
            }
            case FAIRNESS -> report.getFairness().stream()
                    .filter(f -> f.getAttribute().equals(observation.segment()))
                    .findFirst()
                    .ifPresent(fairness -> fairnessDetails(details, fairness));
            case SEGMENT -> groupDetails(details, report, observation.segment());
            case CONCEPT_DRIFT -> report.getConceptDrift().stream()
                    .filter(c -> c.getDetector().equals(observation.feature()))
                    .findFirst()
                    .ifPresent(result -> conceptDriftDetails(details, result));
        }
        return details;
    }

    private static void driftDetails(Map<String, String> details, FeatureDrift drift, String statistic) {
        details.put("test", drift.getTest());
        details.put("verdict", drift.getVerdict().name());
        details.put("test_threshold", Double.toString(drift.getThreshold()));
        putIfPresent(details, "statistic", drift.getStatistic());
        putIfPresent(details, "p_value", drift.getPValue());
        putIfPresent(details, "error_bound", statistic != null ? drift.getErrorBounds().get(statistic)
                : drift.getErrorBound());
        details.put("window_count", Long.toString(drift.getWindowCount()));
        details.put("reference_count", Long.toString(drift.getReferenceCount()));
        details.put("missing_count", Long.toString(drift.getMissingCount()));
        details.put("non_finite_count", Long.toString(drift.getNonFiniteCount()));
        if (!drift.getNewCategories().isEmpty()) {
            details.put("new_categories", String.join(", ", drift.getNewCategories()));
        }
    }

    private static void fairnessDetails(Map<String, String> details, FairnessReport fairness) {
        details.put("reference_group", fairness.getReferenceGroup());
        if (fairness.getWorstGroup() != null) {
            details.put("worst_group", fairness.getWorstGroup());
        }
        putIfPresent(details, "demographic_parity_difference", fairness.getDemographicParityDifference());
        putIfPresent(details, "disparate_impact_ratio", fairness.getDisparateImpactRatio());
        putIfPresent(details, "equal_opportunity_difference", fairness.getEqualOpportunityDifference());
    }

    private static void groupDetails(Map<String, String> details, WindowReport report, String segment) {
        int eq = segment.indexOf('=');
        String attribute = segment.substring(0, eq);
        String value = segment.substring(eq + 1);
        for (SegmentReport segmentReport : report.getSegments()) {
            if (!segmentReport.getAttribute().equals(attribute)) {
                continue;
            }
            for (GroupFigures group : segmentReport.getGroups()) {
                if (group.getValue().equals(value)) {
                    details.put("count", Long.toString(group.getCount()));
                    details.put("labelled_count", Long.toString(group.getLabelledCount()));
                    putIfPresent(details, "positive_rate", group.getPositiveRate());
                    putIfPresent(details, "accuracy", group.getAccuracy());
                    putIfPresent(details, "true_positive_rate", group.getTruePositiveRate());
                    putIfPresent(details, "false_positive_rate", group.getFalsePositiveRate());
                    return;
                }
            }
        }
    }

    private static void conceptDriftDetails(Map<String, String> details, ConceptDriftResult result) {
        details.put("detections_total", Long.toString(result.getDetectionsTotal()));
        details.put("observations", Long.toString(result.getObservations()));
        details.put("warning", Boolean.toString(result.getWarning()));
        putIfPresent(details, "estimate", result.getEstimate());
    }

    private static void putIfPresent(Map<String, String> details, String key, Double value) {
        if (value != null) {
            details.put(key, Double.toString(value));
        }
    }
}
