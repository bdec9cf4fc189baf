package io.driftwatch.comparison;

import static io.driftwatch.comparison.ComparisonReports.T0;
import static io.driftwatch.comparison.ComparisonReports.WINDOW;
import static io.driftwatch.comparison.ComparisonReports.p99;
import static io.driftwatch.comparison.ComparisonReports.shadow;
import static io.driftwatch.comparison.ComparisonReports.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.AlertStateStore;
import io.driftwatch.alerting.RuleSet;
import io.driftwatch.alerting.RulesFile;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules on judged figures through the alert lifecycle: for, resolve_after, min_samples, order and revisions. */
class FigureAlertsTest {

    static {
        io.driftwatch.schemas.AvroClassTrust.trustSchemaClasses();
    }

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private static final RuleSet RULES = RulesFile.parse("rules.yaml", """
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
            labels: {team: payments}
            runbook_url: https://runbooks.example.com/canary
          - name: shadow-disagrees
            metric: comparison.shadow.agreement_rate
            comparator: "<"
            threshold: 0.95
            severity: info
            min_samples: 500
          - name: comparison-roll-back
            metric: comparison.decision
            comparator: "=="
            threshold: -1
            severity: critical
        """);

    private final FigureAlerts alerts = new FigureAlerts();
    private final AlertStateStore states = AlertStateStore.inMemory();

    private List<Alert> evaluate(ComparisonReport report) {
        return alerts.evaluate(RULES, report, states, NOW);
    }

    private static ComparisonReport latency(int window, double candidateP99) {
        return window(window, List.of(p99(64, candidateP99)), null);
    }

    private static Instant end(int window) {
        return T0.plus(WINDOW.multipliedBy(window + 1L));
    }

    @Test
    void aP99DifferenceFiresAfterForWindowsAndResolvesAfterResolveAfterWindows() {
        List<Alert> all = new ArrayList<>();
        double[] candidate = {190, 200, 210, 220, 80, 220, 70, 75, 300};
        for (int w = 0; w < candidate.length; w++) {
            all.addAll(evaluate(latency(w, candidate[w])));
        }
        // Fires on the second window above +100 ms; one good window (4) does not end it, two (6, 7) do.
        assertThat(all).extracting(Alert::getStatus, Alert::getWindowEnd).containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertStatus.FIRING, end(1)),
            org.assertj.core.groups.Tuple.tuple(AlertStatus.RESOLVED, end(7)));
        Alert firing = all.get(0);
        assertThat(firing.getRule()).isEqualTo("canary-p99-slower");
        assertThat(firing.getMetric()).isEqualTo("comparison.difference.latency_p99");
        assertThat(firing.getModelId()).isEqualTo("fraud-detector");
        assertThat(firing.getModelVersion()).isEqualTo("2");
        assertThat(firing.getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(firing.getObservedValue()).isEqualTo(200 - 64.0);
        assertThat(firing.getThreshold()).isEqualTo(100.0);
        assertThat(firing.getComparator()).isEqualTo(">");
        assertThat(firing.getStartsAt()).isEqualTo(end(1));
        assertThat(firing.getEndsAt()).isNull();
        assertThat(firing.getEmittedAt()).isEqualTo(NOW);
        assertThat(firing.getFingerprint()).isEqualTo(alerts.fingerprint("fraud-detector", "1", "2", "canary-p99-slower"));
        assertThat(firing.getLabels()).containsEntry("team", "payments").containsEntry("control_version", "1")
            .containsEntry("candidate_version", "2").containsEntry("comparison_mode", "canary");
        assertThat(firing.getRunbookUrl()).isEqualTo("https://runbooks.example.com/canary");
        assertThat(firing.getSummary()).isEqualTo(
            "fraud-detector v2: comparison.difference.latency_p99 136 > 100 for 2 windows (canary against v1, warning)");
        assertThat(firing.getEvidence().getWindowsInBreach()).isEqualTo(2);
        assertThat(firing.getEvidence().getSampleCount()).isEqualTo(300);
        assertThat(firing.getEvidence().getBaselineVersion()).isEqualTo("1");
        assertThat(firing.getEvidence().getDetails()).containsEntry("control", "64.0").containsEntry("candidate", "200.0")
            .containsEntry("for", "2").containsEntry("resolve_after", "2").containsEntry("min_samples", "200");
        Alert resolved = all.get(1);
        assertThat(resolved.getFingerprint()).isEqualTo(firing.getFingerprint());
        assertThat(resolved.getStartsAt()).isEqualTo(end(1));
        assertThat(resolved.getEndsAt()).isEqualTo(end(7));
        assertThat(resolved.getSummary()).startsWith("fraud-detector v2: resolved after 2 windows: ");
    }

    @Test
    void aReportOfAnOlderWindowNeverTransitionsAndARevisionOfTheLatestNeverFiresTwice() {
        evaluate(latency(0, 200));
        assertThat(evaluate(latency(1, 200))).extracting(Alert::getStatus).containsExactly(AlertStatus.FIRING);
        evaluate(latency(2, 70));
        assertThat(evaluate(latency(3, 70))).extracting(Alert::getStatus).containsExactly(AlertStatus.RESOLVED);
        // Late labels revise windows 1 and 2 (still breaching): the alert's successor windows are judged already.
        assertThat(evaluate(latency(1, 400))).isEmpty();
        assertThat(evaluate(latency(2, 400))).isEmpty();
        // A revision of window 3, the latest, undoing the resolution would repeat the episode's FIRING: it stays resolved.
        assertThat(evaluate(latency(3, 400))).isEmpty();
        // The revised window 3 still counts as a breach; with window 4 the run reaches for: a new episode, fired once.
        assertThat(evaluate(latency(4, 400))).extracting(Alert::getStatus, Alert::getWindowEnd)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertStatus.FIRING, end(4)));
        assertThat(evaluate(latency(4, 401))).as("the same window again").isEmpty();
        assertThat(evaluate(latency(3, 401))).as("an older window again").isEmpty();
    }

    @Test
    void tooFewSamplesIsNoEvidenceEitherWayAndOtherModelsAndDecisionsAreNotThisStagesRules() {
        ComparisonReport thin = window(0, List.of(ComparisonReports.figure("latency_p99", 64.0, 300.0, 700, 150, null,
            null)), null);
        assertThat(evaluate(thin)).isEmpty();
        assertThat(evaluate(window(1, List.of(p99(64, 300)), null))).isEmpty();
        // The thin window neither counted nor broke the run: window 2 is the second breach.
        assertThat(evaluate(window(2, List.of(p99(64, 300)), null))).hasSize(1);
        // The model glob of the rule: another model never alerts on it.
        assertThat(alerts.evaluate(RULES, window("ranker", "1", "2", 0, List.of(p99(64, 300)), null), states, NOW)).isEmpty();
        assertThat(alerts.evaluate(RULES, window("ranker", "1", "2", 1, List.of(p99(64, 300)), null), states, NOW)).isEmpty();
    }

    @Test
    void shadowAgreementBelowItsBarAlertsPerComparison() {
        List<Alert> fired = evaluate(window(0, List.of(), shadow(800, 0.93)));
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.getRule()).isEqualTo("shadow-disagrees");
            assertThat(a.getEvidence().getDetails()).containsEntry("pairs", "800");
        });
        // The same candidate against another control is another comparison, and another alert.
        List<Alert> other = alerts.evaluate(RULES, window("fraud-detector", "3", "2", 0, List.of(), shadow(800, 0.93)),
            states, NOW);
        assertThat(other).singleElement().satisfies(a ->
            assertThat(a.getFingerprint()).isNotEqualTo(fired.get(0).getFingerprint()));
        assertThat(evaluate(window(1, List.of(), shadow(900, 0.96)))).extracting(Alert::getStatus)
            .containsExactly(AlertStatus.RESOLVED);
    }
}
