package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileTest {

    private static final String VALID = """
            version: 1
            false_alarm_target:
              windows_between_false_alerts: 200
              correction: bonferroni
            rules:
              - name: psi-warning
                description: moderate shift
                metric: feature.psi
                model: "fraud-*"
                feature: "amount*"
                comparator: ">="
                threshold: 0.1
                severity: warning
                for: 3
                resolve_after: 2
                min_samples: 100
                labels:
                  team: risk
                  priority: 2
                runbook_url: https://runbooks.example.com/psi
              - name: eu-accuracy
                metric: segment.accuracy
                segment: region=eu-*
                comparator: lt
                threshold: 0.8
                severity: CRITICAL
            """;

    @Test
    void readsEveryFieldOfAValidFile() {
        RuleSet set = RulesFile.parse("rules.yaml", VALID);

        assertThat(set.significancePolicy()).contains(new SignificancePolicy(200, FamilywiseCorrection.BONFERRONI));
        assertThat(set.rules()).hasSize(2);
        Rule psi = set.rule("psi-warning").orElseThrow();
        assertThat(psi.description()).isEqualTo("moderate shift");
        assertThat(psi.metric()).isEqualTo(new Metric("feature.psi", MetricFamily.FEATURE_STATISTIC, "psi"));
        assertThat(psi.model()).isEqualTo(Glob.of("fraud-*"));
        assertThat(psi.feature()).isEqualTo(Glob.of("amount*"));
        assertThat(psi.segment()).isNull();
        assertThat(psi.comparator()).isEqualTo(ComparisonOperator.GREATER_OR_EQUAL);
        assertThat(psi.threshold()).isEqualTo(0.1);
        assertThat(psi.severity()).isEqualTo(Severity.WARNING);
        assertThat(psi.forWindows()).isEqualTo(3);
        assertThat(psi.resolveAfter()).isEqualTo(2);
        assertThat(psi.minSamples()).isEqualTo(100);
        assertThat(psi.labels()).containsExactly(Map.entry("priority", "2"), Map.entry("team", "risk"));
        assertThat(psi.runbookUrl()).isEqualTo("https://runbooks.example.com/psi");

        Rule eu = set.rule("eu-accuracy").orElseThrow();
        assertThat(eu.comparator()).isEqualTo(ComparisonOperator.LESS);
        assertThat(eu.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(eu.segment()).isEqualTo(SegmentSelector.parse("region=eu-*"));
        assertThat(eu.model().matchesEverything()).isTrue();
        assertThat(eu.forWindows()).isEqualTo(1);
        assertThat(eu.resolveAfter()).isEqualTo(1);
        assertThat(eu.minSamples()).isZero();
        assertThat(eu.labels()).isEmpty();
    }

    @Test
    void namesTheLineAndTheFixOfAnUnknownComparator() {
        String yaml = """
                rules:
                  - name: psi-warning
                    metric: feature.psi
                    comparator: =>
                    threshold: 0.1
                    severity: warning
                """;

        assertThatThrownBy(() -> RulesFile.parse("rules.yaml", yaml))
                .isInstanceOf(RulesFileException.class)
                .hasMessageContaining("rules.yaml line 4: unknown comparator '=>' for rule 'psi-warning'; "
                        + "use one of >, >=, <, <=, ==, !=");
    }

    @Test
    void collectsEveryErrorWithItsLineNotJustTheFirst() {
        String yaml = """
                version: 1
                rules:
                  - name: a
                    metric: feature.psi
                    comparator: "=>"
                    threshold: "0.1"
                    severity: loud
                  - name: b
                    metric: latency.p999_ms
                    comparator: ">"
                    threshold: 500
                    severity: warning
                    fro: 2
                  - metric: events
                    comparator: "<"
                    threshold: 1
                    severity: info
                """;

        List<RuleProblem> problems = RulesFile.check("rules.yaml", yaml);

        assertThat(problems).extracting(RuleProblem::line).containsExactly(5, 6, 7, 9, 13, 14);
        assertThat(problems).allMatch(p -> p.kind() == RuleProblem.Kind.ERROR);
        assertThat(problems.get(1).message()).isEqualTo(
                "threshold must be a number for rule 'a', got the text '0.1'; write it without quotes");
        assertThat(problems.get(2).message()).contains("unknown severity the text 'loud' for rule 'a'")
                .contains("use info, warning or critical");
        assertThat(problems.get(3).message()).contains("unknown metric 'latency.p999_ms' for rule 'b' (did you mean 'p99_ms'?)")
                .contains("p50_ms, p95_ms, p99_ms, max_ms");
        assertThat(problems.get(4).message()).contains("unknown key 'fro' for rule 'b' (did you mean 'for'?)");
        assertThat(problems.get(5).message()).contains("rule #3 has no name");
        assertThatThrownBy(() -> RulesFile.parse("rules.yaml", yaml))
                .hasMessageStartingWith("6 errors in rules.yaml:\nrules.yaml line 5: unknown comparator");
    }

    @Test
    void listsTheFamiliesForAnUnknownMetric() {
        String yaml = """
                rules:
                  - name: x
                    metric: drift.psi
                    comparator: ">"
                    threshold: 1
                    severity: info
                """;

        List<RuleProblem> problems = RulesFile.check("r.yaml", yaml);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).startsWith("unknown metric 'drift.psi' for rule 'x'; use one of ")
                    .contains("feature.statistic, feature.drift, feature.missing_increase, feature.<statistic>, dataset.drift_share")
                    .contains("quality.change_relative.<metric>", "latency.<quantile>", "fairness.<figure>",
                            "segment.<figure>", "concept_drift.detected");
        });
    }

    @Test
    void warnsWithoutFailingOnAStatisticNobodyReports() {
        String yaml = """
                rules:
                  - name: typo
                    metric: feature.pis
                    comparator: ">"
                    threshold: 0.2
                    severity: warning
                """;

        List<RuleProblem> problems = RulesFile.check("r.yaml", yaml);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(RuleProblem.Kind.WARNING);
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).startsWith("metric 'feature.pis' for rule 'typo': 'pis' is not a name Driftwatch "
                    + "is known to report (did you mean 'psi'?); known: psi, ks, ");
            assertThat(p.toString()).startsWith("r.yaml line 3: warning: ");
        });
        assertThat(RulesFile.parse("r.yaml", yaml).rules()).hasSize(1);
    }

    @Test
    void rejectsSelectorsThatCannotMatchTheMetric() {
        String yaml = """
                rules:
                  - name: lat
                    metric: latency.p99_ms
                    feature: amount
                    comparator: ">"
                    threshold: 500
                    severity: warning
                  - name: di
                    metric: fairness.disparate_impact_ratio
                    segment: gender=f
                    comparator: "<"
                    threshold: 0.8
                    severity: critical
                  - name: psi
                    metric: feature.psi
                    segment: region
                    comparator: ">"
                    threshold: 0.2
                    severity: warning
                """;

        List<RuleProblem> problems = RulesFile.check("r.yaml", yaml);

        assertThat(problems).extracting(RuleProblem::line).containsExactly(4, 10, 16);
        assertThat(problems.get(0).message()).contains("'feature' does not apply to metric 'latency.p99_ms'");
        assertThat(problems.get(1).message()).contains("fairness figures are per attribute")
                .contains("write only the attribute, e.g. 'gender'");
        assertThat(problems.get(2).message()).contains("'segment' does not apply to metric 'feature.psi'");
    }

    @Test
    void rejectsDuplicateRuleNamesAndDuplicateKeys() {
        String yaml = """
                rules:
                  - name: same
                    metric: events
                    comparator: "<"
                    threshold: 1
                    threshold: 2
                    severity: info
                  - name: same
                    metric: events
                    comparator: "<"
                    threshold: 1
                    severity: info
                """;

        List<RuleProblem> problems = RulesFile.check("r.yaml", yaml);

        assertThat(problems).extracting(RuleProblem::line).containsExactly(6, 8);
        assertThat(problems.get(0).message()).isEqualTo(
                "key 'threshold' is written twice in the same mapping (first on line 5); keep one of them");
        assertThat(problems.get(1).message()).contains("rule name 'same' is already used on line 2");
    }

    @Test
    void explainsABareGreaterThanInYaml() {
        String broken = """
                rules:
                  - name: x
                    metric: events
                    comparator: >=
                    threshold: 1
                    severity: info
                """;
        String folded = broken.replace(">=", ">");

        assertThat(RulesFile.check("r.yaml", broken)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).startsWith("not valid YAML: ").contains("quote comparators, e.g. comparator: \">=\"");
        });
        assertThat(RulesFile.check("r.yaml", folded)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("empty comparator for rule 'x'").contains("comparator: \">\"");
        });
    }

    @Test
    void checksLabelsRunbooksCountsAndTheFalseAlarmTarget() {
        String yaml = """
                false_alarm_target:
                  windows_between_false_alerts: 1
                  correction: holm
                rules:
                  - name: x
                    metric: events
                    comparator: "<"
                    threshold: 1
                    severity: info
                    for: 0
                    resolve_after: 1.5
                    min_samples: -1
                    labels:
                      __reserved: a
                      9lives: b
                      ok: [1, 2]
                    runbook_url: "ftp://example.com/x"
                """;

        List<RuleProblem> problems = RulesFile.check("r.yaml", yaml);

        assertThat(problems).extracting(RuleProblem::line).containsExactly(2, 3, 10, 11, 12, 14, 15, 16, 17);
        assertThat(problems.get(0).message()).contains("windows_between_false_alerts must be a number greater than 1");
        assertThat(problems.get(1).message()).contains("unknown correction \"holm\"; use sidak or bonferroni");
        assertThat(problems.get(2).message()).contains("for must be a whole number of windows, at least 1");
        assertThat(problems.get(3).message()).contains("resolve_after must be a whole number");
        assertThat(problems.get(4).message()).contains("min_samples must be a whole number, 0 or more");
        assertThat(problems.get(5).message()).contains("label name '__reserved'");
        assertThat(problems.get(6).message()).contains("label name '9lives'");
        assertThat(problems.get(7).message()).contains("label 'ok' for rule 'x' must have a text value");
        assertThat(problems.get(8).message()).contains("must be an http(s) address or a relative path");
    }

    /**
     * {@code resolve_level}: the level at which a firing alert's window still shows its problem. It is read, checked
     * with its key's line and the fix, and in the digest only when set to something other than the default, so that
     * a rules file without it keeps its digest.
     */
    @Test
    void readsAndChecksTheResolveLevel() {
        String base = """
                false_alarm_target:
                  windows_between_false_alerts: 1000
                %s
                rules:
                  - {name: x, metric: feature.psi, comparator: ">=", threshold: 0.1, severity: warning}
                """;
        RuleSet without = RulesFile.parse("r.yaml", base.formatted(""));
        RuleSet atDefault = RulesFile.parse("r.yaml", base.formatted("  resolve_level: 0.05"));
        RuleSet off = RulesFile.parse("r.yaml", base.formatted("  resolve_level: 0"));

        assertThat(without.significancePolicy()).get().extracting(SignificancePolicy::resolveLevel).isEqualTo(0.05);
        assertThat(off.significancePolicy()).get().extracting(SignificancePolicy::resolveLevel).isEqualTo(0.0);
        assertThat(atDefault.digest()).isEqualTo(without.digest());
        assertThat(off.digest()).isNotEqualTo(without.digest());
        assertThat(RulesFile.check("r.yaml", base.formatted("  resolve_level: 1.5"))).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("resolve_level must be a number from 0 to below 1, got 1.5")
                .contains("0 holds no alert that way");
        });
    }

    @Test
    void explainsFilesThatAreNotRulesFiles() {
        assertThat(RulesFile.check("r.yaml", "")).singleElement()
                .satisfies(p -> assertThat(p.toString()).isEqualTo(
                        "r.yaml: the file is empty; it needs a top-level 'rules:' list (see docs/alerting.md)"));
        assertThat(RulesFile.check("r.yaml", "- a\n- b\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("must be a mapping with a top-level 'rules:' list"));
        assertThat(RulesFile.check("r.yaml", "version: 2\nrules: {}\nextra: 1\n"))
                .extracting(RuleProblem::line).containsExactly(1, 2, 3);
        assertThat(RulesFile.parse("r.yaml", "rules: []\n").rules()).isEmpty();
    }

    @Test
    void loadsFromDiskNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("team-rules.yaml");
        Files.writeString(file, VALID.replace("severity: warning", "severity: urgent"));

        assertThatThrownBy(() -> RulesFile.load(file))
                .hasMessageContaining("team-rules.yaml line 13: unknown severity the text 'urgent' for rule 'psi-warning'");
        assertThatThrownBy(() -> RulesFile.load(dir.resolve("missing.yaml")))
                .hasMessageContaining("cannot read rules file").hasMessageContaining("missing.yaml");
    }

    @Test
    void defaultRulesLoadCleanlyWithTheDocumentedThresholds() {
        assertThat(RulesFile.check("default-rules.yaml", RulesFile.defaultsYaml())).isEmpty();
        RuleSet defaults = RulesFile.defaults();

        assertThat(defaults.significancePolicy()).contains(new SignificancePolicy(1000, FamilywiseCorrection.SIDAK));
        assertThat(defaults.rules()).extracting(r -> r.name() + " " + r.metric() + " " + r.comparator().symbol() + " "
                        + r.threshold() + " " + r.severity() + " min " + r.minSamples())
                .containsExactly(
                        "dataset-drift dataset.drift_share >= 0.5 CRITICAL min 0",
                        "feature-psi-major feature.psi >= 0.25 CRITICAL min 0",
                        "feature-psi-moderate feature.psi >= 0.1 WARNING min 0",
                        "feature-drift feature.drift == 1.0 WARNING min 0",
                        "prediction-drift prediction.drift == 1.0 WARNING min 0",
                        "feature-missing feature.missing_increase >= 0.5 CRITICAL min 100",
                        "feature-missing-partial feature.missing_increase >= 0.1 WARNING min 100",
                        "accuracy-drop quality.change_relative.accuracy <= -0.05 CRITICAL min 100",
                        "latency-p99 latency.p99_ms >= 500.0 WARNING min 100",
                        "error-rate error_rate >= 0.01 CRITICAL min 100",
                        "disparate-impact fairness.disparate_impact_ratio < 0.8 CRITICAL min 30",
                        "concept-drift concept_drift.detected == 1.0 WARNING min 0",
                        "comparison-roll-back comparison.decision == -1.0 CRITICAL min 0",
                        "comparison-promote comparison.decision == 1.0 INFO min 0",
                        "comparison-inconclusive comparison.decision == 2.0 WARNING min 0");
        // Its significance test (corrected for picking the pair) keeps noise out; a second window would
        // only halve its power (docs/alerting.md, "Decisions").
        assertThat(defaults.rule("disparate-impact").orElseThrow().forWindows()).isEqualTo(1);
        assertThat(defaults.rules()).allSatisfy(rule -> {
            assertThat(rule.runbookUrl()).startsWith("docs/alerting.md#runbook-");
            assertThat(rule.description()).isNotBlank();
        });
    }
}
