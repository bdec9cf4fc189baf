package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.driftwatch.alerting.RulesFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code driftwatch rules check}: offline validation, and the effective rules a user can read back. */
class RulesCheckTest {

    @TempDir
    Path dir;

    @Test
    void theShippedDefaultsPassAndPrintAsTheRuleSetTheyLoadAs() throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, RulesFile.defaultsYaml());
        CliRun run = CliRun.of("rules", "check", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("# rules.yaml: " + RulesFile.defaults().rules().size() + " rules, OK");
        // What is printed is the canonical form itself, as YAML: read back, it is the same tree.
        JsonNode printed = new ObjectMapper(new YAMLFactory()).readTree(run.out());
        assertThat(printed).isEqualTo(new ObjectMapper().readTree(RulesFile.defaults().canonicalForm()));
    }

    @Test
    void defaultsLeftOutOfTheFileAreFilledIn() throws Exception {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, "rules:\n  - name: psi-high\n    metric: feature.psi\n    comparator: '>='\n"
            + "    threshold: 0.3\n    severity: critical\n");
        CliRun run = CliRun.of("rules", "check", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode rule = new ObjectMapper(new YAMLFactory()).readTree(run.out()).path("rules").path(0);
        assertThat(rule.path("name").asText()).isEqualTo("psi-high");
        assertThat(rule.path("threshold").asDouble()).isEqualTo(0.3);
        // Left out of the file, yet printed: the value run would use.
        assertThat(rule.has("for")).as("rule keys: %s", rule).isTrue();
        assertThat(rule.has("resolve_after")).as("rule keys: %s", rule).isTrue();
    }

    @Test
    void everyErrorIsListedWithItsLineAndTheExitCodeIsTwo() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "rules:\n  - name: a\n    metric: feature.psi\n    comparator: '=>'\n    threshold: 0.2\n"
            + "    severity: warning\n  - name: b\n    metric: no.such.metric\n    comparator: '>'\n    threshold: 1\n"
            + "    severity: info\n");
        CliRun run = CliRun.of("rules", "check", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("bad.yaml line 4: unknown comparator '=>'").contains("bad.yaml line 8:")
            .contains("2 errors in bad.yaml").doesNotContain("Exception");
    }

    @Test
    void relativeRunbookLinksArePrintedUnderTheBaseRunWouldUse() throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "rules:\n  - name: psi-high\n    metric: feature.psi\n    comparator: '>='\n"
            + "    threshold: 0.3\n    severity: critical\n    runbook_url: docs/alerting.md#runbook-feature-drift\n");
        CliRun run = CliRun.of("rules", "check", "--runbook-base-url", "https://git.example.com/acme/driftwatch/blob/main",
            file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode rule = new ObjectMapper(new YAMLFactory()).readTree(run.out()).path("rules").path(0);
        assertThat(rule.path("runbook_url").asText())
            .isEqualTo("https://git.example.com/acme/driftwatch/blob/main/docs/alerting.md#runbook-feature-drift");
    }

    @Test
    void aBaseThatIsNotAnAbsoluteAddressIsAUsageErrorNamingTheKey() throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, RulesFile.defaultsYaml());
        CliRun run = CliRun.of("rules", "check", "--runbook-base-url", "docs/", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("alerts.runbook.base.url").contains("absolute http(s)").doesNotContain("Exception");
    }

    @Test
    void rulesOnComparisonFiguresAreListedAndAWrongFigureIsNamedWithItsLineAndTheFix() throws Exception {
        Path file = dir.resolve("canary.yaml");
        Files.writeString(file, "rules:\n  - name: canary-p99-slower\n    metric: comparison.difference.latency_p99\n"
            + "    comparator: '>'\n    threshold: 100\n    severity: warning\n    for: 2\n"
            + "  - name: shadow-disagrees\n    metric: comparison.shadow.agreement_rate\n    comparator: '<'\n"
            + "    threshold: 0.95\n    severity: warning\n    min_samples: 500\n");
        CliRun run = CliRun.of("rules", "check", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(run.out()).path("rules");
        assertThat(rules.findValuesAsText("metric"))
            .containsExactlyInAnyOrder("comparison.difference.latency_p99", "comparison.shadow.agreement_rate");

        Files.writeString(file, "rules:\n  - name: canary-p99-slower\n    metric: comparison.difference.p99\n"
            + "    comparator: '>'\n    threshold: 100\n    severity: warning\n");
        CliRun bad = CliRun.of("rules", "check", file.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("canary.yaml line 3: unknown metric 'comparison.difference.p99' for rule "
            + "'canary-p99-slower'").contains("comparison.difference.<metric> takes one of accuracy, error_rate, "
            + "absolute_error, latency_p50, latency_p95, latency_p99, prediction_shift");
    }
}
