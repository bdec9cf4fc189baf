package io.driftwatch.alerting;

import io.driftwatch.schemas.Severity;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert rule: which figure of a window report to watch, for which models, features and
 * segments, the condition, and how many windows make it fire and resolve. Written in a rules file
 * (see {@link RulesFile} and {@code docs/alerting.md}).
 *
 * @param name         unique name of the rule; part of every alert's fingerprint
 * @param description  free text, or null
 * @param metric       the figure watched
 * @param model        glob over model ids the rule applies to
 * @param feature      glob over feature names (detector ids for concept drift), or null for all
 * @param segment      segment selector, or null for all
 * @param comparator   how the observed value is compared with the threshold
 * @param threshold    the threshold, finite
 * @param severity     severity of the alerts
 * @param forWindows   consecutive breaching windows before the alert fires, at least 1
 * @param resolveAfter consecutive clear windows before a firing alert resolves, at least 1
 * @param resolveThreshold where a firing alert's figure must return for a window to count as clear (hysteresis: a
 *                     figure between it and the threshold neither breaches nor clears a firing alert, so a problem
 *                     that sits at the threshold does not fire again and again), or null for the threshold itself;
 *                     only for {@code >}, {@code >=}, {@code <} and {@code <=}, on the side of the threshold that
 *                     does not breach
 * @param minSamples   observations with a smaller sample count are ignored (as if absent)
 * @param labels       labels passed on with every alert (kept sorted by name, unmodifiable)
 * @param runbookUrl   where on-call reads what to do, or null
 */
public record Rule(String name, String description, Metric metric, Glob model, Glob feature, SegmentSelector segment,
                   ComparisonOperator comparator, double threshold, Severity severity, int forWindows,
                   int resolveAfter, Double resolveThreshold, long minSamples, Map<String, String> labels,
                   String runbookUrl) {

    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(comparator, "comparator");
        Objects.requireNonNull(severity, "severity");
        if (name.isBlank()) {
            throw new IllegalArgumentException("rule name must not be blank");
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("rule '" + name + "': threshold must be finite, got " + threshold);
        }
        if (forWindows < 1 || resolveAfter < 1) {
            throw new IllegalArgumentException("rule '" + name + "': for and resolve_after must be at least 1, got "
                    + forWindows + " and " + resolveAfter);
        }
        if (resolveThreshold != null) {
            String problem = resolveThresholdProblem(comparator, threshold, resolveThreshold);
            if (problem != null) {
                throw new IllegalArgumentException("rule '" + name + "': " + problem);
            }
        }
        if (minSamples < 0) {
            throw new IllegalArgumentException("rule '" + name + "': min_samples must be >= 0, got " + minSamples);
        }
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels == null ? Map.of() : labels));
    }

    /**
     * What is wrong with a resolve threshold for this condition, or null when it fits: a finite value on the side of
     * the threshold that does not breach (at most the threshold for {@code >} and {@code >=}, at least it for
     * {@code <} and {@code <=}); none for {@code ==} and {@code !=}.
     */
    static String resolveThresholdProblem(ComparisonOperator comparator, double threshold, double resolveThreshold) {
        if (!Double.isFinite(resolveThreshold)) {
            return "resolve_threshold must be a finite number, got " + resolveThreshold;
        }
        boolean rise = comparator.breachesAbove();
        boolean drop = comparator.breachesBelow();
        if (!rise && !drop) {
            return "resolve_threshold needs a comparator of >, >=, < or <=, not " + comparator.symbol()
                    + "; remove it";
        }
        if (rise && resolveThreshold > threshold || drop && resolveThreshold < threshold) {
            return "resolve_threshold " + resolveThreshold + " is on the breaching side of the threshold " + threshold
                    + "; a firing alert clears when its figure is back " + (rise ? "below" : "above") + " it, so set it "
                    + (rise ? "at most" : "at least") + " " + threshold;
        }
        return null;
    }

    /** A builder with the defaults of a rules file: any model, for 1, resolve_after 1, min_samples 0. */
    public static Builder builder(String name, String metric, ComparisonOperator comparator, double threshold,
                                  Severity severity) {
        return new Builder(name, MetricCatalog.parse(metric), comparator, threshold, severity);
    }

    /** This rule with another runbook address (e.g. resolved under a configured base). */
    public Rule withRunbookUrl(String url) {
        return new Rule(name, description, metric, model, feature, segment, comparator, threshold, severity,
                forWindows, resolveAfter, resolveThreshold, minSamples, labels, url);
    }

    /** Whether the rule applies to a model id at all. */
    public boolean appliesTo(String modelId) {
        return model.matches(modelId);
    }

    /** Whether the rule's feature and segment selectors select an observation. */
    public boolean selects(Observation observation) {
        return (feature == null || feature.matches(observation.feature()))
                && (segment == null || segment.matches(observation.segment()));
    }

    /** Whether an observation has the sample size the rule asks for. */
    public boolean hasEnoughSamples(Observation observation) {
        return observation.sampleCount() >= minSamples;
    }

    /** Whether a value breaches the rule's condition. */
    public boolean breachedBy(double value) {
        return comparator.test(value, threshold);
    }

    /**
     * Whether a value lets a firing alert count the window as clear: back past the resolve threshold, or, without one,
     * not breaching.
     */
    public boolean clearedBy(double value) {
        return resolveThreshold == null ? !breachedBy(value) : !comparator.test(value, resolveThreshold);
    }

    /** Builds rules in code; rules files go through {@link RulesFile}. */
    public static final class Builder {
        private final String name;
        private final Metric metric;
        private final ComparisonOperator comparator;
        private final double threshold;
        private final Severity severity;
        private String description;
        private Glob model = Glob.any();
        private Glob feature;
        private SegmentSelector segment;
        private int forWindows = 1;
        private int resolveAfter = 1;
        private Double resolveThreshold;
        private long minSamples;
        private Map<String, String> labels = Map.of();
        private String runbookUrl;

        private Builder(String name, Metric metric, ComparisonOperator comparator, double threshold,
                        Severity severity) {
            this.name = name;
            this.metric = metric;
            this.comparator = comparator;
            this.threshold = threshold;
            this.severity = severity;
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        public Builder model(String glob) {
            this.model = Glob.of(glob);
            return this;
        }

        public Builder feature(String glob) {
            this.feature = Glob.of(glob);
            return this;
        }

        public Builder segment(String selector) {
            this.segment = SegmentSelector.parse(selector);
            return this;
        }

        public Builder forWindows(int windows) {
            this.forWindows = windows;
            return this;
        }

        public Builder resolveAfter(int windows) {
            this.resolveAfter = windows;
            return this;
        }

        public Builder resolveThreshold(double value) {
            this.resolveThreshold = value;
            return this;
        }

        public Builder minSamples(long samples) {
            this.minSamples = samples;
            return this;
        }

        public Builder labels(Map<String, String> values) {
            this.labels = values;
            return this;
        }

        public Builder runbookUrl(String url) {
            this.runbookUrl = url;
            return this;
        }

        public Rule build() {
            return new Rule(name, description, metric, model, feature, segment, comparator, threshold, severity,
                    forWindows, resolveAfter, resolveThreshold, minSamples, labels, runbookUrl);
        }
    }
}
