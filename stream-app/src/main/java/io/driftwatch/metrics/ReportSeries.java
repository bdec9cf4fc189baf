package io.driftwatch.metrics;

import io.driftwatch.alerting.Metric;
import io.driftwatch.alerting.MetricCatalog;
import io.driftwatch.alerting.Observation;
import io.driftwatch.metrics.SeriesSet.Sample;
import io.driftwatch.schemas.FairnessReport;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.GroupFigures;
import io.driftwatch.schemas.SegmentReport;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The gauge series one window report carries: every figure the report has for its model version. A series
 * of the version that is not among them is removed ({@link ReportMetrics}), so that Prometheus sees it absent
 * instead of an older window's value; except the series of the {@link #held} features.
 *
 * @param held features whose verdict is UNCERTAIN: the test ran and the distance is above its threshold, but the
 *             sketch error leaves the decision open. That is no evidence either way (as for Driftwatch's own
 *             rules: no alert fires, a firing one stays), so their series keep the last decided window's values.
 *             Removed, they would resolve a firing Prometheus alert at once, and a verdict that alternates between
 *             DRIFT and UNCERTAIN would restart its {@code for:} every other window.
 */
record ReportSeries(List<Sample> samples, Set<String> held) {

    /** The series counted against {@code metrics.max.feature.series}: one per feature or segment group. */
    static final Set<String> PER_FEATURE = Set.of("driftwatch_feature_drift_statistic", "driftwatch_feature_drift",
        "driftwatch_feature_missing_increase", "driftwatch_segment_positive_rate");

    /** The figure the default {@code feature-missing} rules read, so that a dashboard shows what they alert on. */
    private static final Metric MISSING_INCREASE = MetricCatalog.parse("feature.missing_increase");

    static ReportSeries of(WindowReport r) {
        List<Sample> s = new ArrayList<>();
        Set<String> held = new HashSet<>();
        Tags mv = Tags.of("model", r.getModelId(), "version", r.getModelVersion());
        s.add(new Sample("driftwatch_window_events", "Prediction events in the version's latest window", mv,
            r.getEventCount()));
        s.add(new Sample("driftwatch_window_end_timestamp_seconds", "End of the version's latest reported window (a"
            + " model that went silent stops advancing it)", mv, r.getWindowEnd().toEpochMilli() / 1000.0));
        s.add(new Sample("driftwatch_dataset_drift", "1 when the latest window's dataset drift verdict is true", mv,
            r.getDatasetDrift() ? 1 : 0));
        s.add(new Sample("driftwatch_error_rate", "Share of events flagged as errors in the latest window", mv,
            r.getErrorRate()));
        s.add(new Sample("driftwatch_dataset_drift_share", "Share of the features the baseline has that drifted in the"
            + " latest window", mv, r.getDatasetDriftShare()));
        for (FeatureDrift f : r.getFeatures()) {
            if (f.getVerdict() == Verdict.UNCERTAIN) {
                held.add(f.getFeature());
            } else if (f.getVerdict() == Verdict.DRIFT || f.getVerdict() == Verdict.NO_DRIFT) {
                features(s, mv.and("feature", f.getFeature()), f);
            }
        }
        for (Observation o : MISSING_INCREASE.observe(r)) {
            s.add(new Sample("driftwatch_feature_missing_increase", "How much larger the share of the feature's missing or"
                + " unusable values is in the latest window than in its baseline", mv.and("feature", o.feature()), o.value()));
        }
        FeatureDrift p = r.getPredictionDrift();
        if (p != null && p.getStatistic() != null) {
            s.add(new Sample("driftwatch_prediction_drift_statistic", "Drift statistic of the prediction distribution",
                mv.and("test", p.getTest()), p.getStatistic()));
        }
        // As the prediction-drift rule: decided verdicts only, and none against another version's baseline.
        boolean fallback = r.getBaseline() != null && r.getBaseline().getFallback();
        if (p != null && !fallback && (p.getVerdict() == Verdict.DRIFT || p.getVerdict() == Verdict.NO_DRIFT)) {
            s.add(new Sample("driftwatch_prediction_drift", "1 when the model's outputs drifted in the latest window,"
                + " else 0", mv, p.getVerdict() == Verdict.DRIFT ? 1 : 0));
        }
        if (r.getLatency() != null) {
            // Not a 'quantile' label: Prometheus reserves it for summaries, and promtool rejects it on a gauge.
            String d = "Inference latency percentiles (stat p50, p95, p99, max) of the latest window";
            s.add(new Sample("driftwatch_inference_latency_seconds", d, mv.and("stat", "p50"), r.getLatency().getP50Ms() / 1000));
            s.add(new Sample("driftwatch_inference_latency_seconds", d, mv.and("stat", "p95"), r.getLatency().getP95Ms() / 1000));
            s.add(new Sample("driftwatch_inference_latency_seconds", d, mv.and("stat", "p99"), r.getLatency().getP99Ms() / 1000));
            s.add(new Sample("driftwatch_inference_latency_seconds", d, mv.and("stat", "max"), r.getLatency().getMaxMs() / 1000));
        }
        if (r.getEstimatedQuality() != null) {
            r.getEstimatedQuality().getMetrics().forEach((m, v) -> s.add(new Sample("driftwatch_quality_estimated",
                "Quality estimated from calibrated scores (CBPE) in the latest window", mv.and("metric", m), v)));
        }
        for (FairnessReport f : r.getFairness()) {
            fairness(s, mv.and("attribute", f.getAttribute()), f);
        }
        for (SegmentReport seg : r.getSegments()) {
            for (GroupFigures g : seg.getGroups()) {
                if (g.getPositiveRate() != null) {
                    s.add(new Sample("driftwatch_segment_positive_rate", "Share of positive predictions per segment group",
                        mv.and("attribute", seg.getAttribute()).and("group", g.getValue()), g.getPositiveRate()));
                }
            }
        }
        return new ReportSeries(s, held);
    }

    private static void features(List<Sample> s, Tags ft, FeatureDrift f) {
        if (f.getStatistic() != null) {
            s.add(new Sample("driftwatch_feature_drift_statistic", "Drift statistic of the feature's test in the latest"
                + " window", ft.and("test", f.getTest()), f.getStatistic()));
        }
        s.add(new Sample("driftwatch_feature_drift", "1 when the feature drifted in the latest window, else 0", ft,
            f.getVerdict() == Verdict.DRIFT ? 1 : 0));
    }

    /**
     * The realised quality of the report's window: none before its first labels, which a revision of the window
     * brings, often after later windows have been reported ({@link ReportMetrics#recordQuality}).
     */
    static List<Sample> quality(WindowReport r) {
        List<Sample> s = new ArrayList<>();
        if (r.getQuality() == null) {
            return s;
        }
        Tags mv = Tags.of("model", r.getModelId(), "version", r.getModelVersion());
        s.add(new Sample("driftwatch_label_coverage", "Labelled share of the predictions of the latest window with labels",
            mv, r.getQuality().getLabelCoverage()));
        s.add(new Sample("driftwatch_labelled_events", "Labelled predictions of the latest window with labels", mv,
            r.getQuality().getLabelledCount()));
        r.getQuality().getMetrics().forEach((m, v) -> s.add(new Sample("driftwatch_quality",
            "Realised quality of the latest window with labels", mv.and("metric", m), v)));
        r.getQuality().getChangeRelative().forEach((m, v) -> s.add(new Sample("driftwatch_quality_change_relative",
            "Relative change of a quality metric against its baseline", mv.and("metric", m), v)));
        return s;
    }

    private static void fairness(List<Sample> s, Tags at, FairnessReport f) {
        String d = "Fairness figure of a protected attribute in the latest window";
        if (f.getDisparateImpactRatio() != null) {
            s.add(new Sample("driftwatch_fairness", d, at.and("figure", "disparate_impact_ratio"), f.getDisparateImpactRatio()));
        }
        if (f.getDemographicParityDifference() != null) {
            s.add(new Sample("driftwatch_fairness", d, at.and("figure", "demographic_parity_difference"),
                f.getDemographicParityDifference()));
        }
        if (f.getEqualOpportunityDifference() != null) {
            s.add(new Sample("driftwatch_fairness", d, at.and("figure", "equal_opportunity_difference"),
                f.getEqualOpportunityDifference()));
        }
    }
}
