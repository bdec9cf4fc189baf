package io.driftwatch.comparison;

import io.driftwatch.config.FileChanges;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the running application gets its comparisons: a YAML file re-read when it changes (as
 * {@link io.driftwatch.alerting.RulesSource} re-reads the rules), or the standard plan (discovery
 * on, the playbooks' margins). A file that stops loading keeps the last good plan and says why in
 * the log, so a typo never silently ends a running canary analysis.
 */
public final class ComparisonsSource {

    private static final Logger LOG = LoggerFactory.getLogger(ComparisonsSource.class);

    private final Path file;
    private volatile ComparisonPlan current;
    private final FileChanges changes;

    private ComparisonsSource(Path file, ComparisonPlan initial) {
        this.file = file;
        this.current = initial;
        this.changes = file == null ? null : new FileChanges(file);
    }

    /** The plan in {@code file}, validated now: a bad file stops start-up with every problem listed. */
    public static ComparisonsSource watching(Path file) {
        ComparisonsSource source = new ComparisonsSource(file, ComparisonsFile.load(file));
        source.changes.remember();
        return source;
    }

    public static ComparisonsSource standard() {
        return new ComparisonsSource(null, ComparisonPlan.standard());
    }

    public static ComparisonsSource fixed(ComparisonPlan plan) {
        return new ComparisonsSource(null, plan);
    }

    public ComparisonPlan current() {
        return current;
    }

    /** Re-reads the file if it changed on disk; returns the new plan when it differs from the current one. */
    public synchronized Optional<ComparisonPlan> reload() {
        if (file == null || !changes.changedOnDisk()) {
            return Optional.empty();
        }
        changes.remember();
        try {
            ComparisonPlan loaded = ComparisonsFile.load(file);
            if (loaded.equals(current)) {
                return Optional.empty();
            }
            LOG.info("Comparisons in {} changed: {} declared, discovery {}", file, loaded.declared().size(),
                loaded.discover() ? "on" : "off");
            current = loaded;
            return Optional.of(loaded);
        } catch (ComparisonsFileException e) {
            LOG.error("Comparisons in {} no longer load, keeping the previous ones:\n{}", file, e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.error("Cannot read comparisons from {}, keeping the previous ones: {}", file, e.toString());
            return Optional.empty();
        }
    }
}
