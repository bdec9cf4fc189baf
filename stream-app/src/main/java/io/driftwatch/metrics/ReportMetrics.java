package io.driftwatch.metrics;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.FairnessReport;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.GroupFigures;
import io.driftwatch.schemas.SegmentReport;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns each window report and alert transition into Prometheus gauges: the latest value per model
 * version (and feature, segment, metric). Per-feature series are capped, because a model with
 * thousands of features would otherwise flood Prometheus; series beyond the cap are counted in
 * {@code driftwatch_metric_series_dropped_total}. Thread-safe: every stream thread reports here.
 */
public final class ReportMetrics {

    private final MeterRegistry registry;
    private final int maxFeatureSeries;
    private final Map<String, GaugeValue> gauges = new ConcurrentHashMap<>();
    private final AtomicLong featureSeries = new AtomicLong();
    private final Counter dropped;

    public ReportMetrics(MeterRegistry registry, int maxFeatureSeries) {
        this.registry = registry;
        this.maxFeatureSeries = maxFeatureSeries;
        this.dropped = Counter.builder("driftwatch_metric_series_dropped")
            .description("Per-feature metric updates not exported because metrics.max.feature.series was reached")
            .register(registry);
    }

    /** A gauge's current value, held strongly so Micrometer can read it. */
    private static final class GaugeValue {
        private volatile double value;
    }

    private void set(String name, String description, Tags tags, double value, boolean perFeature) {
        String key = name + tags;
        GaugeValue g = gauges.get(key);
        if (g == null) {
            if (perFeature && featureSeries.get() >= maxFeatureSeries) {
                dropped.increment();
                return;
            }
            g = gauges.computeIfAbsent(key, k -> {
                GaugeValue created = new GaugeValue();
                Gauge.builder(name, created, v -> v.value).description(description).tags(tags).register(registry);
                if (perFeature) {
                    featureSeries.incrementAndGet();
                }
                return created;
            });
        }
        g.value = value;
    }

    public void record(WindowReport r) {
        Tags mv = Tags.of("model", r.getModelId(), "version", r.getModelVersion());
        set("driftwatch_window_events", "Prediction events in the version's latest window", mv, r.getEventCount(), false);
        set("driftwatch_window_end_timestamp_seconds", "End of the version's latest reported window (a model that went"
            + " silent stops advancing it)", mv, r.getWindowEnd().toEpochMilli() / 1000.0, false);
        set("driftwatch_dataset_drift", "1 when the latest window's dataset drift verdict is true", mv,
            r.getDatasetDrift() ? 1 : 0, false);
        set("driftwatch_error_rate", "Share of events flagged as errors in the latest window", mv, r.getErrorRate(), false);
        set("driftwatch_dataset_drift_share", "Share of the features the baseline has that drifted in the latest window", mv,
            r.getDatasetDriftShare(), false);
        for (FeatureDrift f : r.getFeatures()) {
            if (f.getVerdict() != Verdict.DRIFT && f.getVerdict() != Verdict.NO_DRIFT) {
                continue;
            }
            Tags ft = mv.and("feature", f.getFeature());
            if (f.getStatistic() != null) {
                set("driftwatch_feature_drift_statistic", "Drift statistic of the feature's test in the latest window",
                    ft.and("test", f.getTest()), f.getStatistic(), true);
            }
            set("driftwatch_feature_drift", "1 when the feature drifted in the latest window, else 0", ft,
                f.getVerdict() == Verdict.DRIFT ? 1 : 0, true);
        }
        FeatureDrift p = r.getPredictionDrift();
        if (p != null && p.getStatistic() != null) {
            set("driftwatch_prediction_drift_statistic", "Drift statistic of the prediction distribution",
                mv.and("test", p.getTest()), p.getStatistic(), false);
        }
        if (r.getLatency() != null) {
            // Not a 'quantile' label: Prometheus reserves it for summaries, and promtool rejects it on a gauge.
            String d = "Inference latency percentiles (stat p50, p95, p99, max) of the latest window";
            set("driftwatch_inference_latency_seconds", d, mv.and("stat", "p50"), r.getLatency().getP50Ms() / 1000, false);
            set("driftwatch_inference_latency_seconds", d, mv.and("stat", "p95"), r.getLatency().getP95Ms() / 1000, false);
            set("driftwatch_inference_latency_seconds", d, mv.and("stat", "p99"), r.getLatency().getP99Ms() / 1000, false);
            set("driftwatch_inference_latency_seconds", d, mv.and("stat", "max"), r.getLatency().getMaxMs() / 1000, false);
        }
        if (r.getQuality() != null) {
            set("driftwatch_label_coverage", "Labelled share of the latest reported window's predictions", mv,
                r.getQuality().getLabelCoverage(), false);
            set("driftwatch_labelled_events", "Labelled predictions of the latest reported window", mv,
                r.getQuality().getLabelledCount(), false);
            r.getQuality().getMetrics().forEach((m, v) ->
                set("driftwatch_quality", "Realised quality of the latest reported window", mv.and("metric", m), v, false));
            r.getQuality().getChangeRelative().forEach((m, v) -> set("driftwatch_quality_change_relative",
                "Relative change of a quality metric against its baseline", mv.and("metric", m), v, false));
        }
        if (r.getEstimatedQuality() != null) {
            r.getEstimatedQuality().getMetrics().forEach((m, v) -> set("driftwatch_quality_estimated",
                "Quality estimated from calibrated scores (CBPE) in the latest window", mv.and("metric", m), v, false));
        }
        for (FairnessReport f : r.getFairness()) {
            Tags at = mv.and("attribute", f.getAttribute());
            String d = "Fairness figure of a protected attribute in the latest window";
            if (f.getDisparateImpactRatio() != null) {
                set("driftwatch_fairness", d, at.and("figure", "disparate_impact_ratio"), f.getDisparateImpactRatio(), false);
            }
            if (f.getDemographicParityDifference() != null) {
                set("driftwatch_fairness", d, at.and("figure", "demographic_parity_difference"),
                    f.getDemographicParityDifference(), false);
            }
            if (f.getEqualOpportunityDifference() != null) {
                set("driftwatch_fairness", d, at.and("figure", "equal_opportunity_difference"),
                    f.getEqualOpportunityDifference(), false);
            }
        }
        for (SegmentReport s : r.getSegments()) {
            for (GroupFigures g : s.getGroups()) {
                if (g.getPositiveRate() != null) {
                    set("driftwatch_segment_positive_rate", "Share of positive predictions per segment group",
                        mv.and("attribute", s.getAttribute()).and("group", g.getValue()), g.getPositiveRate(), true);
                }
            }
        }
    }

    /** Counts one audit record appended to a chain. */
    public void recordAudit(io.driftwatch.schemas.AuditType type) {
        Counter.builder("driftwatch_audit_records").description("Audit records appended to the chains, by type")
            .tag("type", type.name().toLowerCase(java.util.Locale.ROOT))
            .register(registry).increment();
    }

    /** Counts one alert transition emitted (the alerts firing are {@link ActiveAlertsGauge}'s). */
    public void record(Alert a) {
        Counter.builder("driftwatch_alert_transitions").description("Alert transitions emitted")
            .tag("status", a.getStatus().name().toLowerCase(java.util.Locale.ROOT))
            .tag("severity", a.getSeverity().name().toLowerCase(java.util.Locale.ROOT))
            .register(registry).increment();
    }
}
