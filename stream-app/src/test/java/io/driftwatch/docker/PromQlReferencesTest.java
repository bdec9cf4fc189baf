package io.driftwatch.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.docker.PromQlReferences.Selector;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reader the dashboard and rule checks rely on: every place a metric name can hide, and what is not one. */
class PromQlReferencesTest {

    @Test
    void histogramQuantileOverARateWithAMatcher() {
        PromQlReferences refs = PromQlReferences.of(
            "histogram_quantile(0.99, sum by (le) (rate(driftwatch_pipeline_lag_seconds_bucket{job=\"driftwatch\"}[5m])))");

        assertThat(refs.selectors()).containsExactly(new Selector("driftwatch_pipeline_lag_seconds_bucket", Set.of("job")));
        assertThat(refs.groupingLabels()).containsExactly("le");
        assertThat(refs.variables()).isEmpty();
    }

    @Test
    void grafanaVariablesInRangesAndMatcherValuesInEverySyntax() {
        PromQlReferences refs = PromQlReferences.of(
            "sum(rate(a_total{model=~\"$model\", version=~\"${version}\", metric=~\"[[metric]]\", x=\"${y:regex}\"}[$__rate_interval]))"
                + " or on() vector(0)");

        assertThat(refs.metricNames()).containsExactly("a_total");
        assertThat(refs.selectors().get(0).matcherLabels()).containsExactlyInAnyOrder("model", "version", "metric", "x");
        assertThat(refs.variables()).containsExactlyInAnyOrder("model", "version", "metric", "y", "__rate_interval");
        assertThat(refs.groupingLabels()).isEmpty();
    }

    @Test
    void setOperatorsAndVectorMatchingWithGroupLeft() {
        PromQlReferences refs = PromQlReferences.of(
            "a * on (model, version) group_left (feature) b unless ignoring(instance) c and d or e");

        assertThat(refs.metricNames()).containsExactly("a", "b", "c", "d", "e");
        assertThat(refs.groupingLabels()).containsExactlyInAnyOrder("model", "version", "feature", "instance");
    }

    @Test
    void aggregationClauseAfterTheArgumentAndWithout() {
        assertThat(PromQlReferences.of("max(x) by (model)").groupingLabels()).containsExactly("model");
        PromQlReferences refs = PromQlReferences.of("sum without (instance) (y offset 5m) > bool 1e-3");
        assertThat(refs.metricNames()).containsExactly("y");
        assertThat(refs.groupingLabels()).containsExactly("instance");
    }

    @Test
    void stringArgumentsAndBackReferencesAreNeitherMetricsNorVariables() {
        PromQlReferences refs = PromQlReferences.of(
            "label_replace(up, \"dst\", \"$1 {b} metric_in_a_string\", \"instance\", \"(.*):.*\") + count_values(\"value\", z)");

        assertThat(refs.metricNames()).containsExactly("up", "z");
        assertThat(refs.variables()).isEmpty();
    }

    @Test
    void nameMatcherSelectsTheMetricAndIsNotALabel() {
        PromQlReferences refs = PromQlReferences.of("{__name__=\"x_total\", job=\"a\"} / ignoring(job) w");

        assertThat(refs.selectors()).containsExactly(
            new Selector("x_total", Set.of("job")), new Selector("w", Set.of()));
    }

    @Test
    void functionsKeywordsNumbersDurationsSubqueriesAndCommentsAreSkipped() {
        PromQlReferences refs = PromQlReferences.of(
            "# comment naming not_a_metric\n"
                + "time() - process_start_time_seconds > Inf or max_over_time(rate(v[5m])[1h:30s]) < 0x1F + .5 + NaN");

        assertThat(refs.metricNames()).containsExactly("process_start_time_seconds", "v");
    }

    @Test
    void unbalancedInputIsReportedNotMisread() {
        assertThatThrownBy(() -> PromQlReferences.of("rate(x{job=\"a\"[5m])"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unclosed '{'");
        assertThatThrownBy(() -> PromQlReferences.of("x{job=\"a}"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unclosed");
        assertThatThrownBy(() -> PromQlReferences.of("{job=\"a\"}"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a metric name");
    }
}
