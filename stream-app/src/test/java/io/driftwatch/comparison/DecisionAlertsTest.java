package io.driftwatch.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.RuleSet;
import io.driftwatch.alerting.RulesFile;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.ComparisonDecision;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A comparison's decision alerts through the rules file's {@code comparison.decision} rules. */
class DecisionAlertsTest {

    static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    static {
        // Building an alert's evidence fills defaults by class name, which Avro allows only for trusted classes (as the app does at start).
        io.driftwatch.schemas.AvroClassTrust.trustSchemaClasses();
    }

    static ComparisonSpec spec(String model) {
        return ComparisonPlan.standard().discover(model, Map.of("1", "primary", "2", "canary")).orElseThrow();
    }

    static ComparisonReport report(String model, ComparisonDecision decision) {
        return ComparisonReport.newBuilder()
            .setModelId(model).setControlVersion("1").setCandidateVersion("2").setMode("canary").setOrigin("discovered")
            .setWindowStart(T).setWindowEnd(T.plusSeconds(60)).setEmittedAt(T.plusSeconds(61)).setWindowsCompared(7)
            .setMetrics(List.of()).setDecision(decision).setDecisionReason("accuracy of 2 is worse")
            .build();
    }

    @Test
    void theDefaultRulesAlertEachDecisionUnderItsBuiltInNameAndLabels() {
        RuleSet defaults = RulesFile.defaults();
        List<Alert> rollBack = DecisionAlerts.of(spec("fraud-detector"), report("fraud-detector", ComparisonDecision.ROLL_BACK),
            T, defaults);
        assertThat(rollBack).singleElement().satisfies(a -> {
            assertThat(a.getRule()).isEqualTo("comparison-roll-back");
            assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.getMetric()).isEqualTo("comparison.decision");
            assertThat(a.getModelVersion()).isEqualTo("2");
            assertThat(a.getLabels()).containsEntry("decision", "ROLL_BACK").containsEntry("control_version", "1")
                .containsEntry("candidate_version", "2").containsEntry("comparison_mode", "canary")
                .containsEntry("category", "comparison");
            assertThat(a.getRunbookUrl()).isEqualTo("docs/alerting.md#runbook-comparisons");
            assertThat(a.getSummary()).startsWith("fraud-detector v2: ROLL_BACK (canary against v1). ");
        });
        assertThat(DecisionAlerts.of(spec("m"), report("m", ComparisonDecision.PROMOTE), T, defaults))
            .extracting(Alert::getRule, Alert::getSeverity)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("comparison-promote", Severity.INFO));
        assertThat(DecisionAlerts.of(spec("m"), report("m", ComparisonDecision.INCONCLUSIVE), T, defaults))
            .extracting(Alert::getRule).containsExactly("comparison-inconclusive");
    }

    @Test
    void aRulesFileDecidesWhichDecisionsAlertForWhichModelsAndHowSeverely() {
        RuleSet rules = RulesFile.parse("rules.yaml", """
            rules:
              - name: fraud-canary-regressed
                metric: comparison.decision
                comparator: "=="
                threshold: -1
                severity: warning
                model: "fraud-*"
                labels: {team: payments}
            """);
        assertThat(DecisionAlerts.of(spec("fraud-detector"), report("fraud-detector", ComparisonDecision.ROLL_BACK), T, rules))
            .singleElement().satisfies(a -> {
                assertThat(a.getRule()).isEqualTo("fraud-canary-regressed");
                assertThat(a.getSeverity()).isEqualTo(Severity.WARNING);
                assertThat(a.getLabels()).containsEntry("team", "payments").containsEntry("decision", "ROLL_BACK");
            });
        // Another model, or a decision no rule names: the report is still published, without an alert.
        assertThat(DecisionAlerts.of(spec("ranker"), report("ranker", ComparisonDecision.ROLL_BACK), T, rules)).isEmpty();
        assertThat(DecisionAlerts.of(spec("fraud-detector"), report("fraud-detector", ComparisonDecision.PROMOTE), T, rules))
            .isEmpty();
    }

    @Test
    void comparisonDecisionIsAMetricOfTheCatalogue() {
        assertThat(io.driftwatch.alerting.MetricCatalog.parse("comparison.decision").family())
            .isEqualTo(io.driftwatch.alerting.MetricFamily.COMPARISON_DECISION);
    }
}
