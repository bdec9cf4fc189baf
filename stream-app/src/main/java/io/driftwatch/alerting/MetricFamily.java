package io.driftwatch.alerting;

import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.ConceptDriftResult;
import io.driftwatch.schemas.EstimatedQuality;
import io.driftwatch.schemas.FairnessReport;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.GroupFigures;
import io.driftwatch.schemas.LatencySummary;
import io.driftwatch.schemas.QualityReport;
import io.driftwatch.schemas.SegmentReport;
import io.driftwatch.schemas.ShadowAgreement;
import io.driftwatch.schemas.WindowReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The kinds of figures a rule can watch in a {@link WindowReport}, each documented with the figure
 * it reads, the sample count it reports (compared with a rule's {@code min_samples}), and whether
 * its observations carry a feature or a segment. A figure that is null, absent or not finite in a
 * report yields no observation (see {@link AlertLifecycle} for what an absent observation means).
 */
public enum MetricFamily {

    FEATURE_VERDICT_STATISTIC("feature.statistic", "feature.statistic", List.of(), List.of(),
            "the statistic of each feature's drift verdict (FeatureDrift.statistic; a p-value test's statistic, not its p-value)",
            "non-missing values of the feature in the window", Scope.FEATURE, true) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return perFeature(report, FeatureDrift::getStatistic);
        }
    },
    FEATURE_DRIFT("feature.drift", "feature.drift", List.of(), List.of(),
            "1 when a feature's verdict is DRIFT, 0 when NO_DRIFT; no observation for INSUFFICIENT_DATA or NO_BASELINE",
            "non-missing values of the feature in the window", Scope.FEATURE, true) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return perFeature(report, MetricFamily::driftIndicator);
        }
    },
    FEATURE_MISSING_INCREASE("feature.missing_increase", "feature.missing_increase", List.of(), List.of(),
            "the share of the window's events without a value the feature's test can use (missing, not finite, or"
                + " text where the baseline has numbers and the reverse) minus that share among the baseline's rows;"
                + " only for features the version's own baseline has (not a fallback), from a baseline of at least "
                + MissingIncrease.MIN_BASELINE_ROWS + " rows",
            "events in the window that are not errors", Scope.FEATURE, false) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return MissingIncrease.observe(report);
        }
    },
    FEATURE_STATISTIC("feature.", "feature.<statistic>", List.of(),
            Known.DRIFT_STATISTICS,
            "any entry of a feature's FeatureDrift.statistics by name, e.g. feature.psi, feature.wasserstein, feature.ks_p_value",
            "non-missing values of the feature in the window", Scope.FEATURE, true) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return perFeature(report, drift -> drift.getStatistics().get(parameter));
        }
    },
    DATASET_DRIFT_SHARE("dataset.drift_share", "dataset.drift_share", List.of(), List.of(),
            "share of the features the baseline has whose verdict is DRIFT (WindowReport.dataset_drift_share); none when no feature was tested",
            "events in the window", Scope.MODEL, true) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return report.getTestedFeatureCount() == 0 ? List.of()
                    : single(report.getDatasetDriftShare(), report.getEventCount());
        }
    },
    DATASET_DRIFT("dataset.drift", "dataset.drift", List.of(), List.of(),
            "1 when the dataset counts as drifted (share at or above its threshold), else 0; none when no feature was tested",
            "events in the window", Scope.MODEL, true) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return report.getTestedFeatureCount() == 0 ? List.of()
                    : single(report.getDatasetDrift() ? 1.0 : 0.0, report.getEventCount());
        }
    },
    PREDICTION_VERDICT_STATISTIC("prediction.statistic", "prediction.statistic", List.of(), List.of(),
            "the statistic of the prediction-drift verdict", "predictions compared", Scope.MODEL, true) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return prediction(report, FeatureDrift::getStatistic);
        }
    },
    PREDICTION_DRIFT("prediction.drift", "prediction.drift", List.of(), List.of(),
            "1 when the prediction-drift verdict is DRIFT, 0 when NO_DRIFT; none against another version's baseline"
                + " (a fallback)", "predictions compared", Scope.MODEL, true) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return prediction(report, MetricFamily::driftIndicator);
        }
    },
    PREDICTION_STATISTIC("prediction.", "prediction.<statistic>", List.of(), Known.DRIFT_STATISTICS,
            "any entry of the prediction drift's statistics by name, e.g. prediction.psi",
            "predictions compared", Scope.MODEL, true) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return prediction(report, drift -> drift.getStatistics().get(parameter));
        }
    },
    QUALITY_LABEL_COVERAGE("quality.label_coverage", "quality.label_coverage", List.of(), List.of(),
            "labelled predictions / predictions (QualityReport.label_coverage)", "predictions in the window",
            Scope.MODEL, false) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            QualityReport quality = report.getQuality();
            return quality == null ? List.of() : single(quality.getLabelCoverage(), quality.getPredictedCount());
        }
    },
    QUALITY_CHANGE_ABSOLUTE("quality.change_absolute.", "quality.change_absolute.<metric>", List.of(),
            Known.QUALITY_METRICS,
            "metric minus its baseline value (QualityReport.change_absolute)", "labelled predictions",
            Scope.MODEL, false) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return quality(report, QualityReport::getChangeAbsolute, parameter);
        }
    },
    QUALITY_CHANGE_RELATIVE("quality.change_relative.", "quality.change_relative.<metric>", List.of(),
            Known.QUALITY_METRICS,
            "(metric - baseline) / |baseline| (QualityReport.change_relative; absent when the baseline is 0), e.g. -0.05 is 5% below",
            "labelled predictions", Scope.MODEL, false) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return quality(report, QualityReport::getChangeRelative, parameter);
        }
    },
    QUALITY("quality.", "quality.<metric>", List.of(), Known.QUALITY_METRICS,
            "a realised quality metric from joined outcomes (QualityReport.metrics), e.g. quality.accuracy, quality.rmse",
            "labelled predictions", Scope.MODEL, false) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return quality(report, QualityReport::getMetrics, parameter);
        }
    },
    ESTIMATED("estimated.", "estimated.<metric>", List.of(), List.of("accuracy", "precision", "recall", "f1", "roc_auc"),
            "quality estimated without labels (EstimatedQuality.metrics), e.g. estimated.accuracy",
            "predictions with a score", Scope.MODEL, false) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            EstimatedQuality estimated = report.getEstimatedQuality();
            return estimated == null ? List.of()
                    : single(estimated.getMetrics().get(parameter), estimated.getScoredCount());
        }
    },
    LATENCY("latency.", "latency.<quantile>", List.of("p50_ms", "p95_ms", "p99_ms", "max_ms"), List.of(),
            "inference latency in milliseconds: latency.p50_ms, latency.p95_ms, latency.p99_ms or latency.max_ms",
            "events that reported a latency", Scope.MODEL, false) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            LatencySummary latency = report.getLatency();
            if (latency == null) {
                return List.of();
            }
            double value = switch (parameter) {
                case "p50_ms" -> latency.getP50Ms();
                case "p95_ms" -> latency.getP95Ms();
                case "p99_ms" -> latency.getP99Ms();
                default -> latency.getMaxMs();
            };
            return single(value, latency.getCount());
        }
    },
    ERROR_RATE("error_rate", "error_rate", List.of(), List.of(),
            "events flagged as errors / events (WindowReport.error_rate); none for an empty window",
            "events in the window", Scope.MODEL, false) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return report.getEventCount() == 0 ? List.of() : single(report.getErrorRate(), report.getEventCount());
        }
    },
    EVENTS("events", "events", List.of(), List.of(),
            "prediction events in the window (WindowReport.event_count), e.g. to alert when traffic stops",
            "events in the window", Scope.MODEL, false) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return single((double) report.getEventCount(), report.getEventCount());
        }
    },
    FAIRNESS("fairness.", "fairness.<figure>",
            List.of("demographic_parity_difference", "disparate_impact_ratio", "equal_opportunity_difference"), List.of(),
            "group fairness per protected attribute (segment = attribute): fairness.demographic_parity_difference, "
                    + "fairness.disparate_impact_ratio, fairness.equal_opportunity_difference",
            "predictions in the attribute's smallest group (labelled predictions for equal_opportunity_difference); "
                    + "events in the window when the attribute has no segment figures",
            Scope.SEGMENT, false) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            boolean labelled = fromLabels(parameter);
            List<Observation> observations = new ArrayList<>(report.getFairness().size());
            for (FairnessReport fairness : report.getFairness()) {
                Double value = switch (parameter) {
                    case "demographic_parity_difference" -> fairness.getDemographicParityDifference();
                    case "disparate_impact_ratio" -> fairness.getDisparateImpactRatio();
                    default -> fairness.getEqualOpportunityDifference();
                };
                if (isFinite(value)) {
                    long samples = smallestGroup(report, fairness.getAttribute(), labelled);
                    observations.add(new Observation(null, fairness.getAttribute(), value, samples));
                }
            }
            return observations;
        }
    },
    SEGMENT("segment.", "segment.<figure>",
            List.of("positive_rate", "accuracy", "true_positive_rate", "false_positive_rate"), List.of(),
            "figures per group (segment = attribute=value): segment.positive_rate, segment.accuracy, "
                    + "segment.true_positive_rate, segment.false_positive_rate",
            "predictions in the group (labelled predictions for accuracy and the true/false positive rates)",
            Scope.SEGMENT, false) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            List<Observation> observations = new ArrayList<>();
            for (SegmentReport segment : report.getSegments()) {
                for (GroupFigures group : segment.getGroups()) {
                    Double value = switch (parameter) {
                        case "positive_rate" -> group.getPositiveRate();
                        case "accuracy" -> group.getAccuracy();
                        case "true_positive_rate" -> group.getTruePositiveRate();
                        default -> group.getFalsePositiveRate();
                    };
                    if (isFinite(value)) {
                        long samples = fromLabels(parameter) ? group.getLabelledCount() : group.getCount();
                        observations.add(new Observation(null, segment.getAttribute() + "=" + group.getValue(),
                                value, samples));
                    }
                }
            }
            return observations;
        }
    },
    COMPARISON_DECISION("comparison.decision", "comparison.decision", List.of(), List.of(),
            "a comparison of two live versions concluded (canary, shadow, A/B; docs/comparisons.md): -1 ROLL_BACK, "
                    + "1 PROMOTE, 2 INCONCLUSIVE; read by the comparison stage from its reports, once per comparison "
                    + "(a decision is final), never from window reports",
            "labelled predictions of both versions behind the decision's primary figure", Scope.MODEL, false) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            return List.of();
        }
    },
    COMPARISON_DIFFERENCE("comparison.difference.", "comparison.difference.<metric>", Known.COMPARED_METRICS, List.of(),
            "a comparison's candidate minus control on this window (ComparedMetric.difference, docs/comparisons.md): "
                    + "accuracy and error_rate in points (0.02 = 2 points), absolute_error in the target's unit, "
                    + "latency_p50/p95/p99 in milliseconds; prediction_shift is the drift statistic of the candidate's "
                    + "predictions against the control's. Evaluated by the comparison stage on its reports",
            "the smaller of the report's control_count and candidate_count (labelled predictions or events of the "
                    + "window; for latency quantiles and prediction_shift, what their sketches hold)",
            Scope.MODEL, false) {
        @Override
        List<Observation> observe(ComparisonReport report, String parameter) {
            return compared(report, parameter, ComparedMetric::getDifference);
        }
    },
    COMPARISON_CUMULATIVE_DIFFERENCE("comparison.cumulative_difference.", "comparison.cumulative_difference.<metric>",
            Known.JUDGED_METRICS, List.of(),
            "a comparison's candidate minus control over every window compared so far "
                    + "(ComparedMetric.cumulative_difference; none below the comparison's min_samples)",
            "the smaller of the report's control_count and candidate_count", Scope.MODEL, false) {
        @Override
        List<Observation> observe(ComparisonReport report, String parameter) {
            return compared(report, parameter, ComparedMetric::getCumulativeDifference);
        }
    },
    COMPARISON_ALWAYS_VALID_P_VALUE("comparison.always_valid_p_value.", "comparison.always_valid_p_value.<metric>",
            Known.SEQUENTIAL_METRICS, List.of(),
            "a comparison's two-sided mSPRT p-value of 'no difference between candidate and control' over every "
                    + "window so far (ComparedMetric.always_valid_p_value), valid however often it is looked at; "
                    + "only the figures the mSPRT judges (latency quantiles are judged from sketches and have none)",
            "the smaller of the report's control_count and candidate_count", Scope.MODEL, false) {
        @Override
        List<Observation> observe(ComparisonReport report, String parameter) {
            return compared(report, parameter, ComparedMetric::getAlwaysValidPValue);
        }
    },
    COMPARISON_SHADOW_AGREEMENT_RATE("comparison.shadow.agreement_rate", "comparison.shadow.agreement_rate", List.of(),
            List.of(),
            "share of a comparison's shadow pairs (same request_id) whose labels or scores agree, since the comparison "
                    + "began (ShadowAgreement.agreement_rate); none before the first pair",
            "shadow pairs since the comparison began", Scope.MODEL, false) {
        @Override
        List<Observation> observe(ComparisonReport report, String parameter) {
            ShadowAgreement shadow = report.getShadow();
            return shadow == null ? List.of() : single(shadow.getAgreementRate(), shadow.getPairs());
        }
    },
    CONCEPT_DRIFT("concept_drift.detected", "concept_drift.detected", List.of(), List.of(),
            "1 when a concept-drift detector (feature = detector id: adwin, ddm, page_hinkley) signalled a change "
                    + "since the previous report, else 0",
            "errors the detector has seen", Scope.FEATURE, false) {
        @Override
        List<Observation> observe(WindowReport report, String parameter) {
            List<Observation> observations = new ArrayList<>(report.getConceptDrift().size());
            for (ConceptDriftResult result : report.getConceptDrift()) {
                observations.add(new Observation(result.getDetector(), null, result.getDetected() ? 1.0 : 0.0,
                        result.getObservations()));
            }
            return observations;
        }
    };

    /** What an observation of a family is about. */
    public enum Scope {
        /** The model version as a whole: no feature, no segment. */
        MODEL,
        /** One feature (or one concept-drift detector): a {@code feature} selector applies. */
        FEATURE,
        /** One protected attribute or one group: a {@code segment} selector applies. */
        SEGMENT
    }

    // In a holder class: enum constants are built before the enum's own static fields are set.
    private static final class Known {
        // What reports carry, from the classes that put it there: a list spelled out here fell behind them.
        static final List<String> DRIFT_STATISTICS = driftStatistics();
        static final List<String> QUALITY_METRICS = java.util.Arrays.stream(io.driftwatch.performance.QualityMetric.values())
                .map(io.driftwatch.performance.QualityMetric::key).toList();

        private static List<String> driftStatistics() {
            List<String> ids = new java.util.ArrayList<>();
            for (io.driftwatch.stats.DriftTest test : io.driftwatch.stats.DriftTest.values()) {
                ids.add(test.id());
                if (test.hasPValue()) {
                    ids.add(test.pValueId());
                }
            }
            ids.addAll(List.of(io.driftwatch.stats.BinnedChiSquare.ID, io.driftwatch.stats.BinnedChiSquare.P_VALUE_ID,
                    io.driftwatch.stats.SignificantEffect.CHI_SQUARE_POOLED_P_VALUE));
            return List.copyOf(ids);
        }
        // The comparison stage's judged figures (comparison.JudgedMetric, which depends on this package, so
        // spelled here; MetricCatalogTest holds the two lists equal) and the reported prediction shift.
        static final List<String> SEQUENTIAL_METRICS = List.of("accuracy", "error_rate", "absolute_error");
        static final List<String> JUDGED_METRICS = List.of("accuracy", "error_rate", "absolute_error", "latency_p50",
                "latency_p95", "latency_p99");
        static final List<String> COMPARED_METRICS = List.of("accuracy", "error_rate", "absolute_error", "latency_p50",
                "latency_p95", "latency_p99", "prediction_shift");
    }

    private final String prefix;
    private final String syntax;
    private final List<String> allowedParameters;
    private final List<String> knownParameters;
    private final String description;
    private final String sampleCountMeaning;
    private final Scope scope;
    private final boolean driftEvidence;

    MetricFamily(String prefix, String syntax, List<String> allowedParameters, List<String> knownParameters,
                 String description, String sampleCountMeaning, Scope scope, boolean driftEvidence) {
        this.prefix = prefix;
        this.syntax = syntax;
        this.allowedParameters = allowedParameters;
        this.knownParameters = knownParameters;
        this.description = description;
        this.sampleCountMeaning = sampleCountMeaning;
        this.scope = scope;
        this.driftEvidence = driftEvidence;
    }

    /** Reads this family's observations of {@code parameter} from a window report (none for comparison families). */
    List<Observation> observe(WindowReport report, String parameter) {
        return List.of();
    }

    /**
     * Reads this family's observations of {@code parameter} from a comparison report (none for the
     * families of window reports, and none for {@code comparison.decision}, which the comparison stage
     * reads once per decision instead).
     */
    List<Observation> observe(ComparisonReport report, String parameter) {
        return List.of();
    }

    /** How the family is written, e.g. {@code feature.<statistic>}. */
    public String syntax() {
        return syntax;
    }

    /** What the figure is. */
    public String description() {
        return description;
    }

    /** What an observation's sample count counts. */
    public String sampleCountMeaning() {
        return sampleCountMeaning;
    }

    /** Whether observations are per model, per feature or per segment. */
    public Scope scope() {
        return scope;
    }

    /** Whether alerts of this family carry the most drifted features as evidence. */
    public boolean isDriftEvidence() {
        return driftEvidence;
    }

    /** True when the metric id has a parameter after the family's prefix. */
    boolean isParameterised() {
        return prefix.endsWith(".");
    }

    String prefix() {
        return prefix;
    }

    /** The only parameters the family accepts; empty when any identifier is accepted. */
    List<String> allowedParameters() {
        return allowedParameters;
    }

    /** Parameters Driftwatch is known to report for an open family; others draw a warning. */
    List<String> knownParameters() {
        return knownParameters;
    }

    /**
     * Whether the family reads the comparison stage's reports (canary, shadow, A/B) rather than window
     * reports: the comparison stage evaluates its rules, and the window reports' rule engine finds
     * no observation of it.
     */
    public boolean readsComparisons() {
        return this == COMPARISON_DECISION || this == COMPARISON_DIFFERENCE || this == COMPARISON_CUMULATIVE_DIFFERENCE
                || this == COMPARISON_ALWAYS_VALID_P_VALUE || this == COMPARISON_SHADOW_AGREEMENT_RATE;
    }

    /**
     * Whether this family's figure with {@code parameter}, or the test that confirms it, comes from joined outcomes, so
     * that a window's later revisions can change it as its labels arrive: the quality metrics and their changes, label
     * coverage, the labelled groups' figures and equal opportunity, and concept drift (its detectors signal once, but
     * the accuracy-drop test that confirms and holds it counts the window's labels). Drift, latency, errors and
     * predicted positive rates are fixed when the window closes. The labelled figures also count labelled predictions
     * as their samples.
     */
    boolean fromLabels(String parameter) {
        return switch (this) {
            case QUALITY, QUALITY_CHANGE_ABSOLUTE, QUALITY_CHANGE_RELATIVE, QUALITY_LABEL_COVERAGE, CONCEPT_DRIFT -> true;
            case FAIRNESS -> "equal_opportunity_difference".equals(parameter);
            case SEGMENT -> !"positive_rate".equals(parameter);
            default -> false;
        };
    }

    /** Whether the family reads the prediction drift rather than the features. */
    boolean readsPredictionDrift() {
        return this == PREDICTION_VERDICT_STATISTIC || this == PREDICTION_DRIFT || this == PREDICTION_STATISTIC;
    }

    // 1 for DRIFT, 0 for NO_DRIFT; NaN (no observation) for verdicts that are not test outcomes.
    private static Double driftIndicator(FeatureDrift drift) {
        return switch (drift.getVerdict()) {
            case DRIFT -> 1.0;
            case NO_DRIFT -> 0.0;
            default -> Double.NaN;
        };
    }

    private static List<Observation> perFeature(WindowReport report, Function<FeatureDrift, Double> figure) {
        List<FeatureDrift> features = report.getFeatures();
        List<Observation> observations = new ArrayList<>(features.size());
        for (FeatureDrift drift : features) {
            Double value = figure.apply(drift);
            if (isFinite(value)) {
                observations.add(new Observation(drift.getFeature(), null, value, drift.getWindowCount()));
            }
        }
        return observations;
    }

    /**
     * A figure of the prediction drift, none against another version's baseline (a fallback): a new version's outputs
     * differ from another version's by design, which a comparison of the two judges (docs/comparisons.md).
     */
    private static List<Observation> prediction(WindowReport report, Function<FeatureDrift, Double> figure) {
        FeatureDrift drift = report.getPredictionDrift();
        if (drift == null || report.getBaseline() != null && report.getBaseline().getFallback()) {
            return List.of();
        }
        return single(figure.apply(drift), drift.getWindowCount());
    }

    private static List<Observation> quality(WindowReport report, Function<QualityReport, Map<String, Double>> map,
                                             String metric) {
        QualityReport quality = report.getQuality();
        return quality == null ? List.of() : single(map.apply(quality).get(metric), quality.getLabelledCount());
    }

    /** One judged figure of a comparison report, counted by the smaller version's observations behind it. */
    private static List<Observation> compared(ComparisonReport report, String metric,
                                              Function<ComparedMetric, Double> figure) {
        for (ComparedMetric compared : report.getMetrics()) {
            if (compared.getMetric().equals(metric)) {
                return single(figure.apply(compared), Math.min(compared.getControlCount(), compared.getCandidateCount()));
            }
        }
        return List.of();
    }

    private static List<Observation> single(Double value, long samples) {
        return isFinite(value) ? List.of(new Observation(null, null, value, samples)) : List.of();
    }

    private static boolean isFinite(Double value) {
        return value != null && Double.isFinite(value);
    }

    // A fairness figure is only as solid as the smallest group it compares.
    private static long smallestGroup(WindowReport report, String attribute, boolean labelled) {
        ToLongFunction<GroupFigures> size = labelled ? GroupFigures::getLabelledCount : GroupFigures::getCount;
        for (SegmentReport segment : report.getSegments()) {
            if (segment.getAttribute().equals(attribute) && !segment.getGroups().isEmpty()) {
                return segment.getGroups().stream().mapToLong(size).min().orElse(0);
            }
        }
        return report.getEventCount();
    }
}
