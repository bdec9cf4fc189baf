package io.driftwatch.alerting;

import io.driftwatch.config.FileChanges;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the running application gets its rules: a YAML file it re-reads when it changes, or the
 * shipped defaults. A file that stops parsing keeps the last good rules (and says why in the log),
 * so a typo in production never leaves the application without alerting.
 */
public final class RulesSource {

    private static final Logger LOG = LoggerFactory.getLogger(RulesSource.class);

    private final Path file;
    private final RunbookLinks runbooks;
    private RuleSet current;
    private final FileChanges changes;

    private RulesSource(Path file, RuleSet initial, RunbookLinks runbooks) {
        this.file = file;
        this.runbooks = runbooks;
        this.current = runbooks.applyTo(initial);
        this.changes = file == null ? null : new FileChanges(file);
    }

    /** Rules from {@code file}, validated now: a bad file stops start-up with every problem listed. */
    public static RulesSource watching(Path file) {
        return watching(file, RunbookLinks.asWritten());
    }

    /** Like {@link #watching(Path)}, with relative runbook links resolved by {@code runbooks}, now and on every reload. */
    public static RulesSource watching(Path file, RunbookLinks runbooks) {
        RulesSource source = new RulesSource(file, RulesFile.load(file), runbooks);
        source.changes.remember();
        return source;
    }

    public static RulesSource defaults() {
        return defaults(RunbookLinks.asWritten());
    }

    /** The shipped rules, their runbook links ({@code docs/alerting.md#...}) resolved by {@code runbooks}. */
    public static RulesSource defaults(RunbookLinks runbooks) {
        return new RulesSource(null, RulesFile.defaults(), runbooks);
    }

    public RuleSet current() {
        return current;
    }

    /** Re-reads the file if it changed; returns the new rules when they differ from the current ones. */
    public synchronized Optional<RuleSet> reload() {
        if (file == null || !changes.changedOnDisk()) {
            return Optional.empty();
        }
        changes.remember();
        try {
            RuleSet loaded = runbooks.applyTo(RulesFile.load(file));
            if (loaded.equals(current)) {
                return Optional.empty();
            }
            LOG.info("Rules in {} changed: {}", file, RulesDiff.between(current, loaded));
            current = loaded;
            return Optional.of(loaded);
        } catch (RulesFileException e) {
            LOG.error("Rules in {} no longer load, keeping the previous rules:\n{}", file, e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.error("Cannot read rules from {}, keeping the previous rules: {}", file, e.toString());
            return Optional.empty();
        }
    }
}
