package io.driftwatch.comparison;

import io.driftwatch.metrics.SeriesSet;
import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * shows as absent from comparisons. A comparison's gauges are removed when the task judging it leaves this
 * instance ({@link #withdraw}), so that they are not exported at their last values next to the new owner's.
 */
public final class ComparisonGauges {

    /** The comparison a report is of, as its gauges' tags name it. */
    public record Subject(String model, String control, String candidate, String mode) {
        public static Subject of(ComparisonReport r) {
            return new Subject(r.getModelId(), r.getControlVersion(), r.getCandidateVersion(), r.getMode());
        }
    }

    private final MeterRegistry registry;
    private final Map<Subject, SeriesSet> comparisons = new ConcurrentHashMap<>();

    public ComparisonGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Removes every gauge of the comparison. */
    public void withdraw(Subject comparison) {
        SeriesSet gone = comparisons.remove(comparison);
        if (gone != null) {
            gone.clear();
        }
    }

    /**
     * Sets the comparison's gauges from a report. The comparison's own figures (decision, windows compared,
     * differences over every compared window, p-values, shadow counts) are those of its latest judgement, whatever
     * window it judged; the per-window figures of each version only from the newest window's reports, so that a
     * revision of an older window (late labels) does not set them back to that window.
     *
     * @param newestWindow whether the report is of the newest window the comparison has judged
     */
    public void record(ComparisonReport r, boolean newestWindow) {
        Subject subject = Subject.of(r);
        SeriesSet series = comparisons.computeIfAbsent(subject, c -> new SeriesSet(registry));
        Tags tags = Tags.of("model", subject.model(), "control", subject.control(),
            "candidate", subject.candidate(), "mode", subject.mode());
        set(series, "driftwatch_comparison_decision", "Decision of the comparison: 0 none yet, 1 promote, -1 roll back, 2 inconclusive",
            tags, switch (r.getDecision()) {
                case PROMOTE -> 1.0;
                case ROLL_BACK -> -1.0;
                case INCONCLUSIVE -> 2.0;
                default -> 0.0;
            });
        set(series, "driftwatch_comparison_windows_compared", "Windows the comparison's sequential test has seen", tags,
            (double) r.getWindowsCompared());
        for (ComparedMetric m : r.getMetrics()) {
            Tags t = tags.and("metric", m.getMetric());
            if (newestWindow) {
                set(series, "driftwatch_comparison_control", "The control's figure in the latest compared window", t,
                    value(m.getControl()));
                set(series, "driftwatch_comparison_candidate", "The candidate's figure in the latest compared window", t,
                    value(m.getCandidate()));
            }
            set(series, "driftwatch_comparison_difference", "Candidate minus control over every compared window (the latest window's while below min_samples, and for prediction_shift)",
                t, value(m.getCumulativeDifference() != null ? m.getCumulativeDifference() : m.getDifference()));
            set(series, "driftwatch_comparison_always_valid_p_value", "mSPRT always-valid p-value of no difference", t,
                value(m.getAlwaysValidPValue()));
        }
        if (r.getShadow() != null) {
            set(series, "driftwatch_comparison_shadow_agreement_ratio", "Share of shadow pairs whose labels agree", tags,
                value(r.getShadow().getAgreementRate()));
            set(series, "driftwatch_comparison_shadow_disagreements_labelled", "Disagreeing shadow pairs judged by their outcome",
                tags, (double) r.getShadow().getDisagreementsLabelled());
            set(series, "driftwatch_comparison_shadow_control_right", "Of the judged disagreeing shadow pairs, those the control got right",
                tags, (double) r.getShadow().getControlRight());
            set(series, "driftwatch_comparison_shadow_candidate_right",
                "Of the judged disagreeing shadow pairs, those the candidate got right", tags,
                (double) r.getShadow().getCandidateRight());
        }
    }

    private static double value(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static void set(SeriesSet series, String name, String description, Tags tags, double value) {
        series.set(new SeriesSet.Sample(name, description, tags, value));
    }
}
