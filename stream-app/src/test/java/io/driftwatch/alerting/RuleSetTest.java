package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSetTest {

    private static final String RULES = """
            rules:
              - name: a
                metric: feature.psi
                comparator: ">="
                threshold: 0.25
                severity: critical
                labels: {team: risk, area: drift}
              - name: b
                metric: latency.p99_ms
                comparator: ">"
                threshold: 500
                severity: warning
            """;

    @Test
    void equalAndSameDigestWhateverTheOrderAndFormatting() {
        String reordered = """
                # same rules, other order and style
                rules:
                  - {name: b, metric: latency.p99_ms, comparator: gt, threshold: 500.0, severity: WARNING, for: 1}
                  - name: a
                    severity: critical
                    threshold: 0.25
                    comparator: ge
                    metric: feature.psi
                    labels:
                      area: drift
                      team: risk
                """;

        RuleSet one = RulesFile.parse("one.yaml", RULES);
        RuleSet two = RulesFile.parse("two.yaml", reordered);

        assertThat(two).isEqualTo(one).hasSameHashCodeAs(one);
        assertThat(two.digest()).isEqualTo(one.digest()).matches("[0-9a-f]{64}");
    }

    @Test
    void digestIsTheSha256OfTheCanonicalForm() throws Exception {
        RuleSet set = RulesFile.parse("r.yaml", RULES);

        assertThat(set.canonicalForm()).isEqualTo("{\"false_alarm_target\":null,\"rules\":["
                + "{\"comparator\":\">=\",\"description\":null,\"feature\":null,\"for\":1,\"inhibit_rank\":null,"
                + "\"labels\":{\"area\":\"drift\",\"team\":\"risk\"},\"metric\":\"feature.psi\",\"min_samples\":0,"
                + "\"model\":\"*\",\"name\":\"a\",\"resolve_after\":1,\"runbook_url\":null,\"segment\":null,"
                + "\"severity\":\"critical\",\"threshold\":0.25},"
                + "{\"comparator\":\">\",\"description\":null,\"feature\":null,\"for\":1,\"inhibit_rank\":null,"
                + "\"labels\":{},"
                + "\"metric\":\"latency.p99_ms\",\"min_samples\":0,\"model\":\"*\",\"name\":\"b\",\"resolve_after\":1,"
                + "\"runbook_url\":null,\"segment\":null,\"severity\":\"warning\",\"threshold\":500.0}]}");
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(set.canonicalForm().getBytes(StandardCharsets.UTF_8));
        assertThat(set.digest()).isEqualTo(HexFormat.of().formatHex(expected));
    }

    @Test
    void anyChangeToARuleChangesTheDigestAndShowsInTheDiff() {
        RuleSet before = RulesFile.parse("r.yaml", RULES);
        RuleSet after = RulesFile.parse("r.yaml", RULES.replace("threshold: 0.25", "threshold: 0.3")
                .replace("  - name: b", "  - name: c"));

        assertThat(after).isNotEqualTo(before);
        assertThat(after.digest()).isNotEqualTo(before.digest());
        assertThat(RulesDiff.between(before, after)).isEqualTo(new RulesDiff(List.of("c"), List.of("b"), List.of("a"),
                false));
        assertThat(RulesDiff.between(before, before).isEmpty()).isTrue();
        assertThat(RulesDiff.between(null, before)).isEqualTo(new RulesDiff(List.of("a", "b"), List.of(), List.of(),
                false));
    }

    @Test
    void theOrderWithinAnInhibitGroupIsAChangeAndTheOrderAcrossGroupsIsNot() {
        String grouped = """
                rules:
                  - {name: major, metric: feature.psi, comparator: ge, threshold: 0.25, severity: critical, labels: {inhibit_group: drift}}
                  - {name: latency, metric: latency.p99_ms, comparator: gt, threshold: 500, severity: warning}
                  - {name: moderate, metric: feature.psi, comparator: ge, threshold: 0.1, severity: warning, labels: {inhibit_group: drift}}
                  - {name: drop, metric: quality.accuracy, comparator: lt, threshold: 0.8, severity: critical, labels: {inhibit_group: quality}}
                """;
        String[] lines = grouped.split("\n");
        String otherGroupsInterleaved = String.join("\n", lines[0], lines[4], lines[1], lines[2], lines[3]) + "\n";
        String ladderSwapped = String.join("\n", lines[0], lines[3], lines[2], lines[1], lines[4]) + "\n";

        RuleSet before = RulesFile.parse("r.yaml", grouped);
        RuleSet interleaved = RulesFile.parse("r.yaml", otherGroupsInterleaved);
        RuleSet swapped = RulesFile.parse("r.yaml", ladderSwapped);

        assertThat(before.inhibitRank("major")).contains(0);
        assertThat(before.inhibitRank("moderate")).contains(1);
        assertThat(before.inhibitRank("latency")).isEmpty();
        assertThat(interleaved).isEqualTo(before);
        assertThat(swapped).isNotEqualTo(before);
        assertThat(swapped.digest()).isNotEqualTo(before.digest());
        assertThat(RulesDiff.between(before, swapped)).isEqualTo(new RulesDiff(List.of(), List.of(),
                List.of("major", "moderate"), false));
    }

    @Test
    void theFalseAlarmTargetIsPartOfTheRuleSet() {
        RuleSet without = RulesFile.parse("r.yaml", RULES);
        RuleSet with = RulesFile.parse("r.yaml", "false_alarm_target: {windows_between_false_alerts: 50}\n" + RULES);

        assertThat(with).isNotEqualTo(without);
        assertThat(RulesDiff.between(without, with).falseAlarmTargetChanged()).isTrue();
        assertThat(RulesDiff.between(without, with).isEmpty()).isFalse();
    }

    @Test
    void rejectsDuplicateNamesBuiltInCode() {
        Rule rule = Rule.builder("x", "events", ComparisonOperator.LESS, 1, Severity.INFO).build();

        assertThatThrownBy(() -> new RuleSet(List.of(rule, rule), null)).hasMessageContaining("two rules are named 'x'");
    }
}
