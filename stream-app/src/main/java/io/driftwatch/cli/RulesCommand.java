package io.driftwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.driftwatch.alerting.RuleProblem;
import io.driftwatch.alerting.RuleSet;
import io.driftwatch.alerting.RulesFile;
import io.driftwatch.alerting.RunbookLinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code driftwatch rules}: alert rules files, offline. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Works with alert rules files (no Kafka needed).",
    subcommands = RulesCommand.Check.class)
final class RulesCommand extends CommandGroup {

    @Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validates a rules file offline and prints the effective rules; exits with 2 on an error.",
            "The file is checked as 'run' loads it (rules.file), every problem with its line; then the",
            "rules are printed with every default filled in. Warnings alone still exit with 0."})
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The rules file (YAML), e.g. rules.yaml.")
        Path file;

        // The same base 'run' resolves relative runbook_url paths under, so the printed links are the alerts' links.
        @Option(names = "--runbook-base-url", paramLabel = "URL", defaultValue = "${env:DRIFTWATCH_ALERTS_RUNBOOK_BASE_URL}",
            description = {"Resolve relative runbook_url paths under this absolute http(s) address, as 'run' does with",
                "alerts.runbook.base.url (default: $DRIFTWATCH_ALERTS_RUNBOOK_BASE_URL; unset keeps them as written)."})
        String runbookBaseUrl;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + (Files.isDirectory(file) ? " is a directory" : " does not exist")
                    + "; give the path of a rules file (YAML).");
            }
            String yaml;
            try {
                yaml = Files.readString(file, StandardCharsets.UTF_8);
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new IllegalArgumentException(file + " is not UTF-8 text; save the rules file as UTF-8.", e);
            }
            String source = file.getFileName().toString();
            List<RuleProblem> problems = RulesFile.check(source, yaml);
            var err = spec.commandLine().getErr();
            problems.forEach(err::println);
            long errors = problems.stream().filter(p -> p.kind() == RuleProblem.Kind.ERROR).count();
            if (errors > 0) {
                err.println(errors + (errors == 1 ? " error" : " errors") + " in " + source + "; nothing was loaded.");
                err.flush();
                return FailureReport.USAGE;
            }
            RuleSet rules = runbookLinks().applyTo(RulesFile.parse(source, yaml));
            var out = spec.commandLine().getOut();
            out.printf("# %s: %d rules, OK%s; the effective rules, defaults filled in (digest %s):%n", source,
                rules.rules().size(), problems.isEmpty() ? "" : " with " + problems.size() + " warnings", rules.digest());
            out.print(effective(rules));
            out.flush();
            return 0;
        }

        private RunbookLinks runbookLinks() {
            if (runbookBaseUrl == null || runbookBaseUrl.isEmpty()) {
                return RunbookLinks.asWritten();
            }
            // A bad base is the user's input: IllegalArgumentException is reported as a usage error naming the key.
            return RunbookLinks.under(runbookBaseUrl);
        }

        /** The rule set's canonical form (defaults filled in) as YAML, the language of the file. */
        static String effective(RuleSet rules) throws IOException {
            JsonNode canonical = new ObjectMapper().readTree(rules.canonicalForm());
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
            return yaml.writeValueAsString(canonical);
        }
    }
}
