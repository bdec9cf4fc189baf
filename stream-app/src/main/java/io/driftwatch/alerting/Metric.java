package io.driftwatch.alerting;

import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.WindowReport;
import java.util.List;
import java.util.Objects;

/**
 * A metric a rule watches, as parsed by {@link MetricCatalog#parse(String)}: e.g.
 * {@code feature.psi} is family {@link MetricFamily#FEATURE_STATISTIC} with parameter {@code psi}.
 *
 * @param id        the metric as written, e.g. {@code quality.change_relative.accuracy}
 * @param family    its family
 * @param parameter the part after the family's prefix ({@code accuracy}), or null for families
 *                  without one
 */
public record Metric(String id, MetricFamily family, String parameter) {

    public Metric {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(family, "family");
    }

    /** Every observation of this metric in a report, in report order; empty when it has none. */
    public List<Observation> observe(WindowReport report) {
        return family.observe(report, parameter);
    }

    /** Every observation of this metric in a comparison report; empty for metrics of window reports. */
    public List<Observation> observe(ComparisonReport report) {
        return family.observe(report, parameter);
    }

    /**
     * Whether this metric's figure, or the test that confirms it, comes from joined outcomes, so that a window's later
     * revisions can change it as its labels arrive: the quality metrics and their changes, label coverage, the labelled
     * groups' figures and equal opportunity, and concept drift (its detectors signal once, but the accuracy-drop test
     * that confirms and holds it counts the window's labels). Drift, latency, errors and predicted positive rates are
     * fixed when the window closes.
     */
    public boolean fromLabels() {
        return switch (family) {
            case QUALITY, QUALITY_CHANGE_ABSOLUTE, QUALITY_CHANGE_RELATIVE, QUALITY_LABEL_COVERAGE, CONCEPT_DRIFT -> true;
            case FAIRNESS -> "equal_opportunity_difference".equals(parameter);
            case SEGMENT -> !"positive_rate".equals(parameter);
            default -> false;
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
