package io.driftwatch.alerting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads rules files (YAML, format in {@code docs/alerting.md}) and validates them at start-up:
 * every problem is reported with its line and a fix, e.g.
 * {@code rules.yaml line 12: unknown comparator '=>' for rule 'psi-warning'; use one of >, >=, <, <=, ==, != ...}.
 */
public final class RulesFile {

    /** Classpath location of the shipped default rules. */
    public static final String DEFAULT_RULES_RESOURCE = "/io/driftwatch/alerting/default-rules.yaml";

    private static final Logger LOG = LoggerFactory.getLogger(RulesFile.class);

    private RulesFile() {
    }

    /**
     * Parses and validates a rules file; warnings are logged.
     *
     * @param source name used in messages, e.g. the file name
     * @throws RulesFileException listing every error, when there is at least one
     */
    public static RuleSet parse(String source, String yaml) {
        RulesFileReader.Result result = new RulesFileReader(source).read(yaml);
        if (!result.errors().isEmpty()) {
            throw new RulesFileException(source, result.errors());
        }
        result.problems().forEach(warning -> LOG.warn("{}", warning));
        return result.ruleSet();
    }

    /** Every error and warning in a rules file, in line order; empty for a clean file. */
    public static List<RuleProblem> check(String source, String yaml) {
        return new RulesFileReader(source).read(yaml).problems();
    }

    /** Reads and parses a rules file from disk; messages name it by its file name. */
    public static RuleSet load(Path path) {
        try {
            return parse(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules file " + path + ": " + e.getMessage()
                    + "; check the path and its permissions", e);
        }
    }

    /** The default rules shipped with Driftwatch (documented in docs/alerting.md). */
    public static RuleSet defaults() {
        return parse("default-rules.yaml", defaultsYaml());
    }

    /** The text of the default rules file, e.g. to write it out as a starting point. */
    public static String defaultsYaml() {
        try (InputStream in = RulesFile.class.getResourceAsStream(DEFAULT_RULES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_RULES_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RULES_RESOURCE, e);
        }
    }
}
