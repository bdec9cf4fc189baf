package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.WindowReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/alerting.md, "One alert per problem", across scopes: a rule about a protected attribute as a whole
 * ({@code fairness.*}, segment = attribute) inhibits the per-group rules ({@code segment.*}, segment =
 * attribute=value) after it in its group for every group of that attribute, as a rule about the model version
 * inhibits per-feature rules for every feature. A fairness alert and a segment alert of one attribute were one
 * problem raised twice: the stronger rule's state was looked up under the group's name, which no fairness
 * figure has.
 */
class InhibitionScopesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);
    private static final String RULES = """
            rules:
              - {name: disparate-impact, metric: fairness.disparate_impact_ratio, comparator: "<", threshold: 0.8,
                 severity: critical, labels: {inhibit_group: bias}}
              - {name: group-positive-rate, metric: segment.positive_rate, comparator: "<", threshold: 0.2,
                 severity: warning, labels: {inhibit_group: bias}}
            """;

    private final RuleEngineReplay replay = new RuleEngineReplay(RulesFile.parse("rules.yaml", RULES), CLOCK);

    @Test
    void aFairnessAlertInhibitsTheSegmentRulesOfItsAttribute() {
        assertThat(evaluate(report(0, 0.25, 0.15, 0.1))).as("group=b is the attribute's problem; region=eu another")
                .containsExactly("disparate-impact group FIRING", "group-positive-rate region=eu FIRING");
    }

    @Test
    void aFiringSegmentAlertResolvesWhenTheFairnessOfItsAttributeFires() {
        assertThat(evaluate(report(0, 0.85, 0.15, 0.5))).containsExactly("group-positive-rate group=b FIRING");
        List<Alert> transitions = replay.evaluate(report(1, 0.25, 0.15, 0.5));
        assertThat(transitions).extracting(a -> a.getRule() + " " + a.getSegment() + " " + a.getStatus())
                .containsExactly("disparate-impact group FIRING", "group-positive-rate group=b RESOLVED");
        assertThat(transitions.get(1).getEvidence().getDetails()).containsEntry("resolved_because",
                "inhibited by disparate-impact");
    }

    /**
     * A narrower rule does not inhibit a broader one listed after it (its alert does not name the other groups the
     * broader alert is about), nor a per-feature rule a per-segment one: the rules file says so instead of leaving two
     * alerts for what the group calls one problem unexplained.
     */
    @Test
    void theRulesFileWarnsOfPairsInAGroupThatCannotInhibit() {
        String yaml = """
                rules:
                  - name: group-positive-rate
                    metric: segment.positive_rate
                    comparator: "<"
                    threshold: 0.2
                    severity: warning
                    labels: {inhibit_group: bias}
                  - name: disparate-impact
                    metric: fairness.disparate_impact_ratio
                    comparator: "<"
                    threshold: 0.8
                    severity: critical
                    labels: {inhibit_group: bias}
                  - name: amount-psi
                    metric: feature.psi
                    comparator: ">="
                    threshold: 0.25
                    severity: critical
                    labels: {inhibit_group: bias}
                  - name: low-accuracy
                    metric: quality.accuracy
                    comparator: "<"
                    threshold: 0.8
                    severity: critical
                    labels: {inhibit_group: bias}
                """;
        List<RuleProblem> problems = RulesFile.check("rules.yaml", yaml);
        assertThat(problems).allMatch(p -> p.kind() == RuleProblem.Kind.WARNING);
        assertThat(problems).extracting(RuleProblem::line, p -> p.message().substring(0, p.message().indexOf(';')))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(13, "rule 'disparate-impact' (about a protected attribute as a"
                                + " whole) is listed after 'group-positive-rate' (about one group of an attribute) in"
                                + " inhibit_group 'bias', but 'group-positive-rate' never inhibits it, so both may fire for"
                                + " one problem"),
                        org.assertj.core.groups.Tuple.tuple(19, "rule 'amount-psi' (about one feature) is listed after"
                                + " 'group-positive-rate' (about one group of an attribute) in inhibit_group 'bias', but"
                                + " 'group-positive-rate' never inhibits it, so both may fire for one problem"),
                        org.assertj.core.groups.Tuple.tuple(19, "rule 'amount-psi' (about one feature) is listed after"
                                + " 'disparate-impact' (about a protected attribute as a whole) in inhibit_group 'bias',"
                                + " but 'disparate-impact' never inhibits it, so both may fire for one problem"),
                        org.assertj.core.groups.Tuple.tuple(25, "rule 'low-accuracy' (about the model version as a whole)"
                                + " is listed after 'group-positive-rate' (about one group of an attribute) in inhibit_group"
                                + " 'bias', but 'group-positive-rate' never inhibits it, so both may fire for one problem"),
                        org.assertj.core.groups.Tuple.tuple(25, "rule 'low-accuracy' (about the model version as a whole)"
                                + " is listed after 'disparate-impact' (about a protected attribute as a whole) in"
                                + " inhibit_group 'bias', but 'disparate-impact' never inhibits it, so both may fire for one"
                                + " problem"),
                        org.assertj.core.groups.Tuple.tuple(25, "rule 'low-accuracy' (about the model version as a whole)"
                                + " is listed after 'amount-psi' (about one feature) in inhibit_group 'bias', but"
                                + " 'amount-psi' never inhibits it, so both may fire for one problem"));
        assertThat(problems.get(0).message()).endsWith("list 'disparate-impact' first");
        assertThat(problems.get(1).message()).endsWith("they watch different things: put them in different groups");
        assertThat(RulesFile.check("default-rules.yaml", RulesFile.defaultsYaml())).as("the defaults are ordered")
                .noneMatch(p -> p.message().contains("never inhibits"));
    }

    /** Attribute "group": a 0.6, b at the given rate; attribute "region": eu at its rate. */
    private static WindowReport report(int window, double impactRatio, double groupB, double regionEu) {
        return Reports.window("loans", "1", window)
                .setFairness(new ArrayList<>(List.of(Reports.fairness("group", "a", "b", 0.6 - groupB, impactRatio, null))))
                .setSegments(new ArrayList<>(List.of(
                        Reports.segment("group", Reports.group("a", 500, 0.6, 0, null), Reports.group("b", 500, groupB, 0, null)),
                        Reports.segment("region", Reports.group("eu", 1000, regionEu, 0, null)))))
                .build();
    }

    private List<String> evaluate(WindowReport report) {
        return replay.evaluate(report).stream().map(a -> a.getRule() + " " + a.getSegment() + " " + a.getStatus()).toList();
    }
}
