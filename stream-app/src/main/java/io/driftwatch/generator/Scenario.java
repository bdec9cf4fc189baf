package io.driftwatch.generator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A change injected into one model's traffic from {@link #start()} on, counted from the start of
 * generation. Each kind changes exactly what it names and nothing else: the random streams of
 * features, labels and operations are separate (see {@link TrafficModel}), so the same seed with and
 * without a scenario gives the same events except where the scenario acts.
 * {@link ScenarioKind} makes each kind from one intensity knob.
 */
public sealed interface Scenario {

    /** The scenario's name as the CLI and the demo console show it, e.g. {@code input-drift}. */
    String name();

    /** When the change begins, counted from the start of generation. */
    Duration start();

    /** The same scenario with its times divided by {@code speed} (2 = twice as soon). */
    Scenario scaled(double speed);

    /** Checks that the scenario fits the model (features exist with the right types, task, groups). */
    void validate(ModelSpec model);

    /** What happens when, for the demo console. */
    List<ScheduledChange> changes(ModelSpec model);

    /** No change: traffic stays as the model spec describes it. */
    record Stationary() implements Scenario {
        @Override
        public String name() {
            return ScenarioKind.STATIONARY.id();
        }

        @Override
        public Duration start() {
            return Duration.ZERO;
        }

        @Override
        public Scenario scaled(double speed) {
            return this;
        }

        @Override
        public void validate(ModelSpec model) {
            // Always fits.
        }

        @Override
        public List<ScheduledChange> changes(ModelSpec model) {
            return List.of();
        }
    }

    /**
     * Input (covariate) drift, sudden at {@code start}: each numeric feature in {@code meanShiftSd}
     * moves by that many of its nominal standard deviations ({@link Marginal#scale()}); each numeric
     * feature in {@code sdFactor} has its spread multiplied by the factor ({@link Marginal#spread}:
     * deviations from the nominal mean, or of the log for log-normal amounts); and
     * {@code categoricalFeature}, if set, takes the new value {@code newCategory} in a share
     * {@code newCategoryShare} of events. A spread applies before a shift, and drifted values are
     * clamped to the marginal's support. The model scores the drifted inputs and the truth follows
     * them too: P(y | x) is unchanged, so quality should hold while the input and prediction
     * distributions move.
     */
    record InputDrift(Duration start, Map<String, Double> meanShiftSd, Map<String, Double> sdFactor,
                      String categoricalFeature, String newCategory, double newCategoryShare) implements Scenario {
        public InputDrift {
            requireStart(start);
            // Sorted, so that descriptions and equality do not depend on the caller's map type.
            meanShiftSd = Collections.unmodifiableMap(new TreeMap<>(meanShiftSd));
            sdFactor = Collections.unmodifiableMap(new TreeMap<>(sdFactor));
            meanShiftSd.forEach((f, v) -> {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("mean shift of '" + f + "' must be finite, was " + v);
                }
            });
            sdFactor.forEach((f, v) -> {
                if (!(v > 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("sd factor of '" + f + "' must be a finite number > 0, was " + v);
                }
            });
            if ((categoricalFeature == null) != (newCategory == null)) {
                throw new IllegalArgumentException("a new category needs both the feature and the category name");
            }
            if (!(newCategoryShare >= 0 && newCategoryShare <= 1)) {
                throw new IllegalArgumentException("new category share " + newCategoryShare + " must be in [0, 1]");
            }
        }

        @Override
        public String name() {
            return ScenarioKind.INPUT_DRIFT.id();
        }

        @Override
        public Scenario scaled(double speed) {
            return new InputDrift(scale(start, speed), meanShiftSd, sdFactor, categoricalFeature, newCategory, newCategoryShare);
        }

        @Override
        public void validate(ModelSpec model) {
            for (String f : meanShiftSd.keySet()) {
                requireFeature(model, f, true, name());
            }
            for (String f : sdFactor.keySet()) {
                requireFeature(model, f, true, name());
            }
            if (categoricalFeature != null) {
                FeatureSpec spec = requireFeature(model, categoricalFeature, false, name());
                if (!(spec.marginal() instanceof Marginal.Categorical c)) {
                    throw new IllegalArgumentException(name() + ": feature '" + categoricalFeature + "' of model '"
                        + model.modelId() + "' is boolean; a new category needs a string feature");
                } else if (c.categories().contains(newCategory)) {
                    throw new IllegalArgumentException(name() + ": category '" + newCategory + "' already exists in '"
                        + categoricalFeature + "'; name a new one");
                }
            }
        }

        @Override
        public List<ScheduledChange> changes(ModelSpec model) {
            List<String> parts = new ArrayList<>();
            meanShiftSd.forEach((f, shift) -> {
                Marginal m = model.feature(f).marginal();
                parts.add(String.format(Locale.ROOT, "%s mean %+.2f sd (%s -> %s)", f, shift,
                    Marginal.fmt(m.center()), Marginal.fmt(m.center() + shift * m.scale())));
            });
            sdFactor.forEach((f, factor) -> parts.add(String.format(Locale.ROOT, "%s spread x%.2f", f, factor)));
            if (categoricalFeature != null) {
                parts.add(String.format(Locale.ROOT, "%s gains new category '%s' in %.0f%% of events",
                    categoricalFeature, newCategory, 100 * newCategoryShare));
            }
            return List.of(new ScheduledChange(start, model.modelId(), name(), "input drift: " + String.join(", ", parts)));
        }
    }

    /**
     * Missing values, sudden at {@code start}: {@code feature} is missing (null) in a further {@code share} of events,
     * on top of its own missing rate, as when a feature pipeline fails for part of the traffic (one region's feature
     * store, one client release that drops a field). A missing value has signal 0 in the model's score, as a server
     * that imputes a central value would give it, and the truth is drawn from the same score, as for
     * {@link InputDrift}: predictions move with the lost values, quality roughly holds, and the values that do arrive
     * keep their distribution.
     */
    record MissingValues(Duration start, String feature, double share) implements Scenario {
        public MissingValues {
            requireStart(start);
            Objects.requireNonNull(feature, "feature");
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("missing share " + share + " of '" + feature + "' must be in (0, 1]");
            }
        }

        @Override
        public String name() {
            return ScenarioKind.MISSING_VALUES.id();
        }

        @Override
        public Scenario scaled(double speed) {
            return new MissingValues(scale(start, speed), feature, share);
        }

        @Override
        public void validate(ModelSpec model) {
            if (model.featureOrNull(feature) == null) {
                throw new IllegalArgumentException(name() + ": model '" + model.modelId() + "' has no feature '" + feature
                    + "'; its features are " + model.featureNames());
            }
        }

        @Override
        public List<ScheduledChange> changes(ModelSpec model) {
            return List.of(new ScheduledChange(start, model.modelId(), name(), String.format(Locale.ROOT,
                "missing values: %s missing in %.0f%% more of the events (was %.0f%%), as when its pipeline fails for part of"
                    + " the traffic", feature, 100 * share, 100 * model.feature(feature).missingRate())));
        }
    }

    /**
     * Operational degradation: from {@code start} over {@code ramp} the latency multiplier rises
     * linearly from 1 to {@code latencyMultiplier} and the error rate from the model's own rate to
     * that rate plus {@code addedErrorRate}; both then stay there.
     */
    record LatencyDegradation(Duration start, Duration ramp, double latencyMultiplier, double addedErrorRate)
        implements Scenario {
        public LatencyDegradation {
            requireStart(start);
            requireStart(ramp);
            if (!(latencyMultiplier >= 1) || Double.isInfinite(latencyMultiplier)) {
                throw new IllegalArgumentException("latency multiplier " + latencyMultiplier + " must be a finite number >= 1");
            }
            if (!(addedErrorRate >= 0 && addedErrorRate <= 1)) {
                throw new IllegalArgumentException("added error rate " + addedErrorRate + " must be in [0, 1]");
            }
        }

        @Override
        public String name() {
            return ScenarioKind.LATENCY_DEGRADATION.id();
        }

        /** Share of the full degradation reached {@code offsetMillis} after the start of generation. */
        double progress(long offsetMillis) {
            long since = offsetMillis - start.toMillis();
            if (since < 0) {
                return 0;
            }
            long rampMillis = ramp.toMillis();
            return rampMillis == 0 ? 1 : Math.min(1.0, (double) since / rampMillis);
        }

        @Override
        public Scenario scaled(double speed) {
            return new LatencyDegradation(scale(start, speed), scale(ramp, speed), latencyMultiplier, addedErrorRate);
        }

        @Override
        public void validate(ModelSpec model) {
            if (model.errorRate() + addedErrorRate > 1) {
                throw new IllegalArgumentException(name() + ": error rate " + model.errorRate() + " + " + addedErrorRate
                    + " exceeds 1 for model '" + model.modelId() + "'");
            }
        }

        @Override
        public List<ScheduledChange> changes(ModelSpec model) {
            String target = String.format(Locale.ROOT, "latency x%.1f (median %s ms -> %s ms), error rate %.1f%% -> %.1f%%",
                latencyMultiplier, Marginal.fmt(model.latency().medianMs()),
                Marginal.fmt(model.latency().medianMs() * latencyMultiplier),
                100 * model.errorRate(), 100 * (model.errorRate() + addedErrorRate));
            if (ramp.isZero()) {
                return List.of(new ScheduledChange(start, model.modelId(), name(), "latency degradation: " + target));
            }
            return List.of(
                new ScheduledChange(start, model.modelId(), name(), "latency starts degrading, ramping over "
                    + ScheduledChange.format(ramp) + " to " + target),
                new ScheduledChange(start.plus(ramp), model.modelId(), name(), "latency degradation complete: " + target));
        }
    }

    /**
     * Concept drift seen only through labels: from {@code start}, for inputs whose numeric
     * {@code feature} exceeds {@code threshold}, the true relationship changes while inputs and
     * predictions stay as they were. Binary: the true positive probability p becomes
     * p + f·(1 − 2p), f = {@code flipProbability} (f = 1 swaps p and 1 − p). Multiclass: the true class
     * distribution becomes (1 − f)·p_k + f·p_(k−1 mod K), shifting mass to the next class. Regression:
     * the true value moves up by f·3σ, σ the model's noise standard deviation.
     */
    record ConceptDrift(Duration start, String feature, double threshold, double flipProbability) implements Scenario {
        public ConceptDrift {
            requireStart(start);
            Objects.requireNonNull(feature, "feature");
            if (!Double.isFinite(threshold)) {
                throw new IllegalArgumentException("concept drift threshold must be finite, was " + threshold);
            }
            if (!(flipProbability >= 0 && flipProbability <= 1)) {
                throw new IllegalArgumentException("flip probability " + flipProbability + " must be in [0, 1]");
            }
        }

        @Override
        public String name() {
            return ScenarioKind.CONCEPT_DRIFT.id();
        }

        @Override
        public Scenario scaled(double speed) {
            return new ConceptDrift(scale(start, speed), feature, threshold, flipProbability);
        }

        @Override
        public void validate(ModelSpec model) {
            requireFeature(model, feature, true, name());
        }

        @Override
        public List<ScheduledChange> changes(ModelSpec model) {
            String effect = switch (model.type()) {
                case BINARY -> String.format(Locale.ROOT, "true positive probability p -> p + %.2f(1 - 2p)", flipProbability);
                case MULTICLASS -> String.format(Locale.ROOT, "%.0f%% of true class mass moves to the next class", 100 * flipProbability);
                case REGRESSION -> String.format(Locale.ROOT, "true value +%s", Marginal.fmt(3 * flipProbability * model.noiseSd()));
            };
            return List.of(new ScheduledChange(start, model.modelId(), name(), String.format(Locale.ROOT,
                "concept drift for %s > %s: %s; inputs and predictions unchanged, visible once labels arrive (median delay %s)",
                feature, Marginal.fmt(threshold), effect, ScheduledChange.format(model.labels().medianDelay()))));
        }
    }

    /**
     * A fairness gap: from {@code start}, the model's score for events of protected group
     * {@code disadvantagedGroup} is computed with its logit lowered by {@code logitPenalty}, while
     * the truth stays the same for every group. That group's positive-prediction rate and true
     * positive rate fall; with the default intensity the disparate impact ratio is well below 0.8.
     * Binary classifiers only.
     */
    record FairnessGap(Duration start, String disadvantagedGroup, double logitPenalty) implements Scenario {
        public FairnessGap {
            requireStart(start);
            Objects.requireNonNull(disadvantagedGroup, "disadvantagedGroup");
            if (!(logitPenalty >= 0) || Double.isInfinite(logitPenalty)) {
                throw new IllegalArgumentException("logit penalty " + logitPenalty + " must be a finite number >= 0");
            }
        }

        @Override
        public String name() {
            return ScenarioKind.FAIRNESS_GAP.id();
        }

        @Override
        public Scenario scaled(double speed) {
            return new FairnessGap(scale(start, speed), disadvantagedGroup, logitPenalty);
        }

        @Override
        public void validate(ModelSpec model) {
            if (model.type() != PredictionType.BINARY) {
                throw new IllegalArgumentException(name() + " needs a binary classifier; model '" + model.modelId()
                    + "' is " + model.type().name().toLowerCase(Locale.ROOT));
            }
            if (!model.segments().groups().containsKey(disadvantagedGroup)) {
                throw new IllegalArgumentException(name() + ": group '" + disadvantagedGroup + "' is not one of model '"
                    + model.modelId() + "''s groups " + model.segments().groups().keySet());
            }
        }

        @Override
        public List<ScheduledChange> changes(ModelSpec model) {
            return List.of(new ScheduledChange(start, model.modelId(), name(), String.format(Locale.ROOT,
                "fairness gap: scores of %s=%s lowered by %s logits (fewer positive predictions, lower TPR; true outcomes unchanged)",
                SegmentSpec.GROUP, disadvantagedGroup, Marginal.fmt(logitPenalty))));
        }
    }

    /**
     * From {@code start}, the model's traffic is deployed as {@code split} says, with
     * {@code candidateVersion} as the candidate: a canary or A/B variant takes a share of the
     * primary's requests, a shadow scores every request the primary serves (see
     * {@link DeploymentSplit}). Rollouts of one model combine: canaries and variants take their share
     * first, then a shadow mirrors what the primary still serves.
     */
    record Rollout(Duration start, DeploymentSplit split, String candidateVersion) implements Scenario {
        public Rollout {
            requireStart(start);
            Objects.requireNonNull(split, "split");
            Objects.requireNonNull(candidateVersion, "candidateVersion");
        }

        @Override
        public String name() {
            return split.kind().id();
        }

        @Override
        public Scenario scaled(double speed) {
            return new Rollout(scale(start, speed), split, candidateVersion);
        }

        @Override
        public void validate(ModelSpec model) {
            if (model.versions().contains(candidateVersion)) {
                throw new IllegalArgumentException(name() + ": candidate version '" + candidateVersion + "' of model '"
                    + model.modelId() + "' is already one of its own versions " + model.versions() + "; name a new one");
            }
        }

        @Override
        public List<ScheduledChange> changes(ModelSpec model) {
            String primary = model.versions().get(0);
            String what = switch (split.kind()) {
                case CANARY_REGRESSION -> String.format(Locale.ROOT,
                    "canary: v%s takes %.0f%% of v%s's traffic; %.1f%% of its right predictions are wrong, latency x%.1f",
                    candidateVersion, 100 * split.share(), primary, 100 * split.effect(), split.slowdown());
                case SHADOW -> String.format(Locale.ROOT,
                    "shadow: v%s scores every request v%s serves (same request_id), disagreeing on %.1f%% of them",
                    candidateVersion, primary, 100 * split.effect());
                case AB_BETTER -> String.format(Locale.ROOT,
                    "A/B: v%s takes %.0f%% of v%s's traffic and gets %.0f%% of its mistakes right",
                    candidateVersion, 100 * split.share(), primary, 100 * split.effect());
            };
            return List.of(new ScheduledChange(start, model.modelId(), name(), what));
        }
    }

    /** {@code d} divided by {@code speed}, to the nanosecond. */
    static Duration scale(Duration d, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed " + speed + " must be a finite number > 0");
        }
        return Duration.ofNanos(Math.round(d.toNanos() / speed));
    }

    private static void requireStart(Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("scenario times must be durations >= 0, got " + d);
        }
    }

    private static FeatureSpec requireFeature(ModelSpec model, String name, boolean numeric, String scenario) {
        FeatureSpec spec = model.featureOrNull(name);
        if (spec == null) {
            throw new IllegalArgumentException(scenario + ": model '" + model.modelId() + "' has no feature '" + name
                + "'; its features are " + model.featureNames());
        }
        if (spec.marginal().numeric() != numeric) {
            throw new IllegalArgumentException(scenario + ": feature '" + name + "' of model '" + model.modelId() + "' is "
                + (numeric ? "categorical" : "numeric") + "; this change needs a " + (numeric ? "numeric" : "categorical") + " one");
        }
        return spec;
    }
}
