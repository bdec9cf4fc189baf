package io.driftwatch.alerting;

import static io.driftwatch.alerting.SummaryText.number;
import static io.driftwatch.alerting.SummaryText.version;

import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.FairnessReport;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.WindowReport;
import java.util.Locale;
import java.util.Map;

/**
 * The one readable line of an alert, e.g.
 * {@code fraud-scorer v3: feature 'amount' drifted, PSI 0.31 ≥ 0.25 (critical)}. Numbers are shown
 * with four significant digits; the exact values are in the alert's fields.
 */
final class AlertSummary {

    private static final Map<String, String> STATISTIC_LABELS = Map.ofEntries(
            Map.entry("psi", "PSI"),
            Map.entry("ks", "KS statistic"),
            Map.entry("ks_p_value", "KS p-value"),
            Map.entry("wasserstein", "Wasserstein distance"),
            Map.entry("jensen_shannon", "Jensen-Shannon distance"),
            Map.entry("hellinger", "Hellinger distance"),
            Map.entry("kl", "KL divergence"),
            Map.entry("chi_square", "chi-square statistic"),
            Map.entry("chi_square_p_value", "chi-square p-value"),
            Map.entry("total_variation", "total variation distance"),
            Map.entry("z_test", "z statistic"),
            Map.entry("z_test_p_value", "z-test p-value"));

    private AlertSummary() {
    }

    static String of(Rule rule, WindowReport report, Observation observation, AlertStatus status, int windows) {
        return of(rule, report, observation, status, windows, null);
    }

    /**
     * @param resolvedBecause for a RESOLVED alert whose figure still crosses its threshold, why it
     *                        resolved (inhibited by a stronger rule, or not significant); else null
     */
    static String of(Rule rule, WindowReport report, Observation observation, AlertStatus status, int windows,
                     String resolvedBecause) {
        Metric metric = rule.metric();
        String model = report.getModelId() + " " + version(report.getModelVersion());
        String severity = " (" + rule.severity().name().toLowerCase(Locale.ROOT) + ")";
        String value = number(observation.value()) + unit(metric);
        String condition = rule.comparator().display() + " " + number(rule.threshold()) + unit(metric);
        String subject = subject(metric, observation);
        String label = label(metric, report, observation);
        if (status == AlertStatus.RESOLVED && resolvedBecause != null) {
            return model + ": resolved, " + resolvedBecause + ": " + subject + label + " " + value + severity;
        }
        if (status == AlertStatus.RESOLVED) {
            String what = switch (metric.family()) {
                case FEATURE_DRIFT, PREDICTION_DRIFT -> subject + "no longer drifted"
                        + verdictDetail(driftOf(report, metric, observation));
                default -> subject + label + " " + value + ", not " + condition;
            };
            return model + ": resolved after " + windows + (windows == 1 ? " window: " : " windows: ") + what
                    + severity;
        }
        String what = switch (metric.family()) {
            case FEATURE_DRIFT, PREDICTION_DRIFT -> subject + "drifted" + verdictDetail(driftOf(report, metric, observation));
            case FEATURE_MISSING_INCREASE -> subject + unusableShares(report, driftOf(report, metric, observation))
                    + "(" + label + " " + value + " " + condition + ")";
            case FEATURE_VERDICT_STATISTIC, FEATURE_STATISTIC, PREDICTION_VERDICT_STATISTIC, PREDICTION_STATISTIC ->
                    subject + "drifted, " + label + " " + value + " " + condition;
            case DATASET_DRIFT -> "dataset drifted, " + report.getDriftedFeatureCount() + " of "
                    + comparedFeatures(report) + " features (share " + number(report.getDatasetDriftShare())
                    + " \u2265 " + number(report.getDatasetDriftThreshold()) + ")";
            case DATASET_DRIFT_SHARE -> report.getDriftedFeatureCount() + " of " + comparedFeatures(report)
                    + " features drifted, share " + value + " " + condition;
            case CONCEPT_DRIFT -> observation.value() == 1.0 ? "concept drift detected by " + observation.feature()
                    : subject + label + " " + value + " " + condition;
            case FAIRNESS -> subject + label + " " + value + " " + condition + fairnessGroups(report, observation);
            default -> subject + label + " " + value + " " + condition;
        };
        return model + ": " + what + severity;
    }

    /** The share's denominator; reports written before compared_feature_count had their share over the tested ones. */
    private static int comparedFeatures(WindowReport report) {
        return report.getComparedFeatureCount() > 0 ? report.getComparedFeatureCount() : report.getTestedFeatureCount();
    }

    static String statisticLabel(String id) {
        return STATISTIC_LABELS.getOrDefault(id, id);
    }

    private static String subject(Metric metric, Observation observation) {
        return switch (metric.family().scope()) {
            case FEATURE -> metric.family() == MetricFamily.CONCEPT_DRIFT
                    ? "detector '" + observation.feature() + "' " : "feature '" + observation.feature() + "' ";
            case SEGMENT -> metric.family() == MetricFamily.FAIRNESS
                    ? "attribute '" + observation.segment() + "' " : "segment " + observation.segment() + " ";
            case MODEL -> metric.family().readsPredictionDrift() ? "predictions " : "";
        };
    }

    private static String label(Metric metric, WindowReport report, Observation observation) {
        String parameter = metric.parameter();
        return switch (metric.family()) {
            case FEATURE_VERDICT_STATISTIC, PREDICTION_VERDICT_STATISTIC -> {
                FeatureDrift drift = driftOf(report, metric, observation);
                yield drift == null ? "statistic" : statisticLabel(drift.getTest());
            }
            case FEATURE_STATISTIC, PREDICTION_STATISTIC -> statisticLabel(parameter);
            case FEATURE_DRIFT, PREDICTION_DRIFT -> "drift verdict";
            case FEATURE_MISSING_INCREASE -> "increase";
            case QUALITY -> parameter;
            case QUALITY_CHANGE_ABSOLUTE -> parameter + " change vs baseline";
            case QUALITY_CHANGE_RELATIVE -> parameter + " relative change vs baseline";
            case QUALITY_LABEL_COVERAGE -> "label coverage";
            case ESTIMATED -> "estimated " + parameter;
            case LATENCY -> "max_ms".equals(parameter) ? "max latency"
                    : parameter.substring(0, parameter.indexOf('_')) + " latency";
            case ERROR_RATE -> "error rate";
            case EVENTS -> "events";
            case FAIRNESS, SEGMENT -> parameter.replace('_', ' ');
            case DATASET_DRIFT -> "dataset drift";
            case DATASET_DRIFT_SHARE -> "drift share";
            case CONCEPT_DRIFT -> "detection";
            case COMPARISON_DECISION -> "comparison decision";
            case COMPARISON_DIFFERENCE -> parameter + " candidate - control";
            case COMPARISON_CUMULATIVE_DIFFERENCE -> parameter + " candidate - control over the comparison";
            case COMPARISON_ALWAYS_VALID_P_VALUE -> parameter + " always-valid p-value";
            case COMPARISON_SHADOW_AGREEMENT_RATE -> "shadow agreement rate";
        };
    }

    private static String unit(Metric metric) {
        return metric.family() == MetricFamily.LATENCY ? " ms" : "";
    }

    private static String verdictDetail(FeatureDrift drift) {
        if (drift == null || drift.getStatistic() == null && drift.getPValue() == null) {
            return "";
        }
        if (drift.getPValue() != null) {
            String comparison = drift.getPValue() < drift.getThreshold() ? " < " : " \u2265 ";
            String label = STATISTIC_LABELS.getOrDefault(drift.getTest() + "_p_value", drift.getTest() + " p-value");
            return " (" + label + " " + number(drift.getPValue()) + comparison
                    + number(drift.getThreshold()) + ")";
        }
        String comparison = drift.getStatistic() >= drift.getThreshold() ? " \u2265 " : " < ";
        return " (" + statisticLabel(drift.getTest()) + " " + number(drift.getStatistic()) + comparison + number(drift.getThreshold()) + ")";
    }

    private static String fairnessGroups(WindowReport report, Observation observation) {
        for (FairnessReport fairness : report.getFairness()) {
            if (fairness.getAttribute().equals(observation.segment()) && fairness.getWorstGroup() != null) {
                return " (group '" + fairness.getWorstGroup() + "' against '" + fairness.getReferenceGroup() + "')";
            }
        }
        return "";
    }

    /** "without a usable value in 100% of the events, 1% in the baseline ", or nothing when the report cannot say. */
    private static String unusableShares(WindowReport report, FeatureDrift feature) {
        if (feature == null || report.getBaseline() == null || report.getBaseline().getRowCount() <= 0
                || report.getEventCount() <= report.getErrorCount()) {
            return "";
        }
        return "without a usable value in " + number(100 * (1 - MissingIncrease.usableShareInWindow(report, feature)))
                + "% of the events, " + number(100 * (1 - MissingIncrease.usableShareInBaseline(report, feature)))
                + "% in the baseline ";
    }

    static FeatureDrift driftOf(WindowReport report, Metric metric, Observation observation) {
        if (metric.family().readsPredictionDrift()) {
            return report.getPredictionDrift();
        }
        if (observation.feature() == null) {
            return null;
        }
        for (FeatureDrift drift : report.getFeatures()) {
            if (drift.getFeature().equals(observation.feature())) {
                return drift;
            }
        }
        return null;
    }
}
