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

    /** Whether the figure or its test comes from joined outcomes, which revisions change: {@link MetricFamily#fromLabels}. */
    public boolean fromLabels() {
        return family.fromLabels(parameter);
    }

    @Override
    public String toString() {
        return id;
    }
}
