package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunbookLinksTest {

    private static final String BASE = "https://github.com/acme/driftwatch/blob/main/";

    @Test
    void relativePathsResolveUnderTheBaseFolderWithTheirAnchor() {
        RunbookLinks links = RunbookLinks.under(BASE);
        assertThat(links.resolve("docs/alerting.md#runbook-latency"))
            .isEqualTo("https://github.com/acme/driftwatch/blob/main/docs/alerting.md#runbook-latency");
        // A leading slash stays under the base rather than replacing its path.
        assertThat(links.resolve("/docs/alerting.md")).isEqualTo("https://github.com/acme/driftwatch/blob/main/docs/alerting.md");
    }

    @Test
    void aBaseWithoutTrailingSlashIsAFolderNotAFile() {
        assertThat(RunbookLinks.under("https://wiki.example.com/driftwatch").resolve("docs/alerting.md"))
            .isEqualTo("https://wiki.example.com/driftwatch/docs/alerting.md");
        assertThat(RunbookLinks.under("http://wiki.example.com").resolve("x.md")).isEqualTo("http://wiki.example.com/x.md");
    }

    @Test
    void absoluteLinksAndMissingLinksAreKept() {
        RunbookLinks links = RunbookLinks.under(BASE);
        assertThat(links.resolve("https://runbooks.example.com/drift")).isEqualTo("https://runbooks.example.com/drift");
        assertThat(links.resolve(null)).isNull();
        assertThat(RunbookLinks.asWritten().resolve("docs/alerting.md")).isEqualTo("docs/alerting.md");
    }

    @Test
    void everyShippedRuleGetsAnAbsoluteRunbookUnderTheBase() {
        RuleSet resolved = RulesSource.defaults(RunbookLinks.under(BASE)).current();
        assertThat(resolved.rules()).isNotEmpty().allSatisfy(rule ->
            assertThat(rule.runbookUrl()).startsWith(BASE + "docs/alerting.md#runbook-"));
        // Nothing else about the rules changes.
        assertThat(resolved.rules()).extracting(Rule::name)
            .containsExactlyElementsOf(RulesFile.defaults().rules().stream().map(Rule::name).toList());
        assertThat(RulesSource.defaults().current()).isEqualTo(RulesFile.defaults());
    }

    @Test
    void applyToKeepsTheFalseAlarmTarget() {
        Rule rule = Rule.builder("slow", "latency.p99_ms", ComparisonOperator.GREATER, 500, Severity.WARNING)
            .runbookUrl("runbooks/latency.md").build();
        RuleSet set = new RuleSet(List.of(rule), new SignificancePolicy(1000, FamilywiseCorrection.values()[0]));
        RuleSet resolved = RunbookLinks.under(BASE).applyTo(set);
        assertThat(resolved.rules().get(0).runbookUrl()).isEqualTo(BASE + "runbooks/latency.md");
        assertThat(resolved.significancePolicy()).isEqualTo(set.significancePolicy());
    }

    @Test
    void aBadBaseIsRefusedNamingTheKeyAndTheFix() {
        for (String bad : List.of("docs/", "ftp://files.example.com/", "https://", "https://x.example.com/a?b=1",
                "http://bad host/")) {
            assertThat(RunbookLinks.problemWith(bad)).as(bad).hasValueSatisfying(message -> assertThat(message)
                .startsWith("alerts.runbook.base.url")
                .contains("set alerts.runbook.base.url to an absolute http(s) address"));
            assertThatThrownBy(() -> RunbookLinks.under(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(RunbookLinks.problemWith(BASE)).isEmpty();
    }
}
