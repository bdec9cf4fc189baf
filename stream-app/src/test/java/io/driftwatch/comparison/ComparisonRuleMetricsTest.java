package io.driftwatch.comparison;

import static io.driftwatch.comparison.ComparisonReports.figure;
import static io.driftwatch.comparison.ComparisonReports.shadow;
import static io.driftwatch.comparison.ComparisonReports.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.alerting.Metric;
import io.driftwatch.alerting.MetricCatalog;
import io.driftwatch.alerting.MetricFamily;
import io.driftwatch.alerting.Observation;
import io.driftwatch.alerting.Reports;
import io.driftwatch.alerting.RuleProblem;
import io.driftwatch.alerting.RulesFile;
import io.driftwatch.schemas.ComparisonReport;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule metrics over comparison reports: what each reads from a report, the sample count it
 * reports, that window reports yield none of them, and that the rules file names a wrong figure.
 */
class ComparisonRuleMetricsTest {

    static {
        io.driftwatch.schemas.AvroClassTrust.trustSchemaClasses();
    }

    private static final ComparisonReport REPORT = window(3, List.of(
            figure("accuracy", 0.90, 0.86, 700, 300, -0.035, 0.004),
            figure("error_rate", 0.01, 0.012, 7000, 3000, 0.001, 0.6),
            ComparisonReports.p99(64.0, 190.5),
            // This window's difference is missing (too few values on one side): no observation of it.
            figure("absolute_error", null, 2.0, 1, 2, null, null),
            figure("prediction_shift", 0.31, 0.35, 700, 300, null, null)),
        shadow(1200, 0.9675));

    private static List<Observation> observe(String metric) {
        return MetricCatalog.parse(metric).observe(REPORT);
    }

    @Test
    void theDifferenceIsCandidateMinusControlOfThisWindowCountedByTheSmallerVersion() {
        assertThat(observe("comparison.difference.latency_p99")).singleElement().satisfies(o -> {
            assertThat(o.value()).isCloseTo(190.5 - 64.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(o.sampleCount()).isEqualTo(300);
            assertThat(o.feature()).isNull();
            assertThat(o.segment()).isNull();
        });
        assertThat(observe("comparison.difference.accuracy")).extracting(Observation::value, Observation::sampleCount)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(0.86 - 0.90, 300L));
        assertThat(observe("comparison.difference.error_rate")).extracting(Observation::sampleCount).containsExactly(3000L);
        // prediction_shift's difference is the distance itself, as the report carries it.
        assertThat(observe("comparison.difference.prediction_shift")).extracting(Observation::value)
            .containsExactly(0.35 - 0.31);
        assertThat(observe("comparison.difference.absolute_error")).isEmpty();
        assertThat(observe("comparison.difference.latency_p50")).as("a figure the comparison does not judge").isEmpty();
    }

    @Test
    void cumulativeFiguresAndTheAlwaysValidPValueAreReadAsReported() {
        assertThat(observe("comparison.cumulative_difference.accuracy")).extracting(Observation::value, Observation::sampleCount)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(-0.035, 300L));
        assertThat(observe("comparison.cumulative_difference.latency_p99")).extracting(Observation::value)
            .containsExactly(190.5 - 64.0);
        assertThat(observe("comparison.always_valid_p_value.accuracy")).extracting(Observation::value).containsExactly(0.004);
        assertThat(observe("comparison.always_valid_p_value.error_rate")).extracting(Observation::value).containsExactly(0.6);
        assertThat(observe("comparison.always_valid_p_value.absolute_error")).isEmpty();
    }

    @Test
    void shadowAgreementIsCountedByItsPairsAndAbsentWithoutPairs() {
        assertThat(observe("comparison.shadow.agreement_rate")).containsExactly(new Observation(null, null, 0.9675, 1200));
        Metric agreement = MetricCatalog.parse("comparison.shadow.agreement_rate");
        assertThat(agreement.observe(window(0, List.of(), null))).isEmpty();
        assertThat(agreement.observe(window(0, List.of(), shadow(0, null)))).isEmpty();
    }

    @Test
    void windowReportsHaveNoObservationOfAComparisonFigureAndComparisonReportsNoneOfAWindowFigure() {
        var windowReport = Reports.window("fraud-detector", "2", 0).setLatency(Reports.latency(300, 20, 50, 190, 400)).build();
        for (String metric : List.of("comparison.difference.latency_p99", "comparison.cumulative_difference.accuracy",
            "comparison.always_valid_p_value.accuracy", "comparison.shadow.agreement_rate", "comparison.decision")) {
            Metric m = MetricCatalog.parse(metric);
            assertThat(m.family().readsComparisons()).as(metric).isTrue();
            assertThat(m.observe(windowReport)).as(metric).isEmpty();
        }
        assertThat(MetricCatalog.parse("comparison.decision").observe(REPORT)).as("decisions alert once, elsewhere").isEmpty();
        assertThat(MetricCatalog.parse("latency.p99_ms").observe(REPORT)).isEmpty();
        assertThat(MetricCatalog.parse("latency.p99_ms").family().readsComparisons()).isFalse();
    }

    @Test
    void theParametersAreExactlyTheJudgedFiguresAndTheAlwaysValidPValueOnlyForSequentialOnes() {
        List<String> judged = Arrays.stream(JudgedMetric.values()).map(JudgedMetric::id).toList();
        List<String> sequential = Arrays.stream(JudgedMetric.values()).filter(JudgedMetric::sequential)
            .map(JudgedMetric::id).toList();
        // The error message lists what a family takes: the same lists as the comparison stage's figures.
        assertThat(accepted("comparison.difference.x")).containsExactlyElementsOf(
            Stream.concat(judged.stream(), Stream.of(PredictionShift.METRIC)).toList());
        assertThat(accepted("comparison.cumulative_difference.x")).containsExactlyElementsOf(judged);
        assertThat(accepted("comparison.always_valid_p_value.x")).containsExactlyElementsOf(sequential);
        for (String id : judged) {
            assertThat(MetricCatalog.parse("comparison.difference." + id).family()).isEqualTo(MetricFamily.COMPARISON_DIFFERENCE);
            assertThat(MetricCatalog.parse("comparison.cumulative_difference." + id).parameter()).isEqualTo(id);
        }
        assertThat(MetricCatalog.parse("comparison.shadow.agreement_rate").family())
            .isEqualTo(MetricFamily.COMPARISON_SHADOW_AGREEMENT_RATE);
    }

    private static List<String> accepted(String metric) {
        try {
            MetricCatalog.parse(metric);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            return List.of(message.substring(message.indexOf("takes one of ") + "takes one of ".length()).split(", "));
        }
        throw new AssertionError(metric + " was accepted");
    }

    @Test
    void aWrongFigureIsAnErrorNamingTheLineTheKeyAndTheFix() {
        List<RuleProblem> problems = RulesFile.check("rules.yaml", """
            rules:
              - name: canary-p99
                metric: comparison.difference.latency_p999
                comparator: ">"
                threshold: 100
                severity: warning
              - name: canary-p99-p
                metric: comparison.always_valid_p_value.latency_p99
                comparator: "<"
                threshold: 0.01
                severity: warning
              - name: shadow
                metric: comparison.shadow.agreement_rate
                feature: "x"
                comparator: "<"
                threshold: 0.95
                severity: warning
            """);
        assertThat(problems).extracting(Object::toString).containsExactly(
            "rules.yaml line 3: unknown metric 'comparison.difference.latency_p999' for rule 'canary-p99' (did you mean "
                + "'latency_p99'?); comparison.difference.<metric> takes one of accuracy, error_rate, absolute_error, "
                + "latency_p50, latency_p95, latency_p99, prediction_shift",
            "rules.yaml line 8: unknown metric 'comparison.always_valid_p_value.latency_p99' for rule 'canary-p99-p'; "
                + "comparison.always_valid_p_value.<metric> takes one of accuracy, error_rate, absolute_error",
            "rules.yaml line 14: 'feature' does not apply to metric 'comparison.shadow.agreement_rate' for rule 'shadow': "
                + "it has no per-feature observations; remove the selector");
    }

    @Test
    void theExamplesOfTheDocsLoad() {
        var rules = RulesFile.parse("rules.yaml", """
            rules:
              - name: canary-p99-slower
                metric: comparison.difference.latency_p99
                model: "fraud-*"
                comparator: ">"
                threshold: 100
                severity: warning
                for: 2
                resolve_after: 2
                min_samples: 200
              - name: shadow-disagrees
                metric: comparison.shadow.agreement_rate
                comparator: "<"
                threshold: 0.95
                severity: warning
                min_samples: 500
            """);
        assertThat(rules.rules()).extracting(r -> r.metric().family()).containsExactly(
            MetricFamily.COMPARISON_DIFFERENCE, MetricFamily.COMPARISON_SHADOW_AGREEMENT_RATE);
    }
}
