package io.driftwatch.comparison;

import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prometheus gauges of every comparison this instance judges, set from its latest report:
 * <ul>
 *   <li>{@code driftwatch_comparison_decision}: 0 none yet, 1 PROMOTE, -1 ROLL_BACK, 2 INCONCLUSIVE;</li>
 *   <li>{@code driftwatch_comparison_windows_compared};</li>
 *   <li>{@code driftwatch_comparison_control}, {@code driftwatch_comparison_candidate} per {@code metric}:
 *       the figure of the latest window;</li>
 *   <li>{@code driftwatch_comparison_difference} per {@code metric}: candidate − control over every window so far;</li>
 *   <li>{@code driftwatch_comparison_always_valid_p_value} per {@code metric};</li>
 *   <li>{@code driftwatch_comparison_shadow_agreement_ratio}: agreement of shadow pairs, when there are any;</li>
 *   <li>{@code driftwatch_comparison_shadow_disagreements_labelled}, {@code driftwatch_comparison_shadow_control_right},
 *       {@code driftwatch_comparison_shadow_candidate_right}: disagreeing pairs judged by their outcome, and how
 *       often each version was right.</li>
 * </ul>
 * Tagged model, control, candidate and mode. A figure not known (yet) reads NaN, which Prometheus
 * shows as absent from comparisons.
 */
public final class ComparisonGauges {

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    public ComparisonGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(ComparisonReport r) {
        Tags tags = Tags.of("model", r.getModelId(), "control", r.getControlVersion(),
            "candidate", r.getCandidateVersion(), "mode", r.getMode());
        set("driftwatch_comparison_decision", "Decision of the comparison: 0 none yet, 1 promote, -1 roll back, 2 inconclusive",
            tags, switch (r.getDecision()) {
                case PROMOTE -> 1.0;
                case ROLL_BACK -> -1.0;
                case INCONCLUSIVE -> 2.0;
                default -> 0.0;
            });
        set("driftwatch_comparison_windows_compared", "Windows the comparison's sequential test has seen", tags,
            (double) r.getWindowsCompared());
        for (ComparedMetric m : r.getMetrics()) {
            Tags t = tags.and("metric", m.getMetric());
            set("driftwatch_comparison_control", "The control's figure in the latest compared window", t, value(m.getControl()));
            set("driftwatch_comparison_candidate", "The candidate's figure in the latest compared window", t,
                value(m.getCandidate()));
            set("driftwatch_comparison_difference", "Candidate minus control over every compared window (the latest window's while below min_samples, and for prediction_shift)",
                t, value(m.getCumulativeDifference() != null ? m.getCumulativeDifference() : m.getDifference()));
            set("driftwatch_comparison_always_valid_p_value", "mSPRT always-valid p-value of no difference", t,
                value(m.getAlwaysValidPValue()));
        }
        if (r.getShadow() != null) {
            set("driftwatch_comparison_shadow_agreement_ratio", "Share of shadow pairs whose labels agree", tags,
                value(r.getShadow().getAgreementRate()));
            set("driftwatch_comparison_shadow_disagreements_labelled", "Disagreeing shadow pairs judged by their outcome",
                tags, (double) r.getShadow().getDisagreementsLabelled());
            set("driftwatch_comparison_shadow_control_right", "Of the judged disagreeing shadow pairs, those the control got right",
                tags, (double) r.getShadow().getControlRight());
            set("driftwatch_comparison_shadow_candidate_right",
                "Of the judged disagreeing shadow pairs, those the candidate got right", tags,
                (double) r.getShadow().getCandidateRight());
        }
    }

    private static double value(Double v) {
        return v == null ? Double.NaN : v;
    }

    private void set(String name, String description, Tags tags, double value) {
        String key = name + tags;
        values.computeIfAbsent(key, k -> {
            AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
            Gauge.builder(name, holder, AtomicReference::get).description(description).tags(tags).register(registry);
            return holder;
        }).set(value);
    }
}
