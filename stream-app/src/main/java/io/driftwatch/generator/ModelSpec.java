package io.driftwatch.generator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything about one generated model: its features, what it predicts and how, how fast and how
 * reliably, when its outcomes arrive, and what changes on its traffic. Build one with
 * {@link #builder(String, PredictionType)}.
 *
 * <p>The model's linear predictor is η = {@code intercept} + Σ weight_f · signal_f(x_f) (a missing
 * value has signal 0; see {@link Marginal} for each signal). Binary: score = σ(η), the true label is
 * "1" with probability σ(η), so scores are calibrated. Multiclass: class k has logit
 * Σ weight_f · signal_f · cos(θ_f + 2πk/K), θ_f = f·2.39996 (the golden angle), so each feature
 * favours different classes; probabilities are their softmax, the true class is drawn from them.
 * Regression: the prediction is η, the truth η + N(0, {@code noiseSd}²).
 *
 * @param modelId       model id (no '/', which separates id and version in keys)
 * @param versions      versions that serve traffic, each an equal share
 * @param type          what the model predicts
 * @param features      the features, in the order their values are drawn
 * @param classes       class labels of a multiclass model ({@code ["0", "1"]} for a binary one, empty for regression)
 * @param intercept     intercept of the linear predictor (binary: calibrated to a base rate, see {@link Builder#baseRate})
 * @param noiseSd       standard deviation of the truth around a regression prediction (0 otherwise)
 * @param latency       inference latency distribution
 * @param errorRate     share of events that are errors (no prediction, no outcome), in [0, 1)
 * @param labels        outcome coverage and delay
 * @param segments      segment attributes
 * @param trafficWeight share of a multi-model generator's traffic, relative to the other models
 * @param scenarios     changes injected into this model's traffic
 */
public record ModelSpec(String modelId, List<String> versions, PredictionType type, List<FeatureSpec> features,
                        List<String> classes, double intercept, double noiseSd, LatencySpec latency, double errorRate,
                        LabelSpec labels, SegmentSpec segments, double trafficWeight, List<Scenario> scenarios) {

    /** Positive class of binary models. */
    public static final String POSITIVE = "1";
    /** Negative class of binary models. */
    public static final String NEGATIVE = "0";

    public ModelSpec {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(segments, "segments");
        if (modelId.isBlank() || modelId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("model id '" + modelId + "' must be non-blank and contain no '/'");
        }
        versions = List.copyOf(versions);
        if (versions.isEmpty() || versions.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("model '" + modelId + "' needs at least one non-blank version, got " + versions);
        }
        features = List.copyOf(features);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("model '" + modelId + "' needs at least one feature");
        }
        Set<String> names = new HashSet<>();
        for (FeatureSpec f : features) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("model '" + modelId + "' has feature '" + f.name() + "' twice");
            }
        }
        classes = switch (type) {
            case BINARY -> List.of(NEGATIVE, POSITIVE);
            case REGRESSION -> List.of();
            case MULTICLASS -> {
                List<String> copy = List.copyOf(classes);
                if (copy.size() < 2 || new HashSet<>(copy).size() != copy.size()) {
                    throw new IllegalArgumentException("multiclass model '" + modelId + "' needs at least two distinct classes, got " + copy);
                }
                yield copy;
            }
        };
        if (!Double.isFinite(intercept)) {
            throw new IllegalArgumentException("intercept of model '" + modelId + "' must be finite, was " + intercept);
        }
        if (type == PredictionType.REGRESSION ? !(noiseSd > 0) || Double.isInfinite(noiseSd) : noiseSd != 0) {
            throw new IllegalArgumentException("noise sd " + noiseSd + " of model '" + modelId
                + "' must be a finite number > 0 for regression and 0 otherwise");
        }
        if (!(errorRate >= 0 && errorRate < 1)) {
            throw new IllegalArgumentException("error rate " + errorRate + " of model '" + modelId + "' must be in [0, 1)");
        }
        if (!(trafficWeight > 0) || Double.isInfinite(trafficWeight)) {
            throw new IllegalArgumentException("traffic weight " + trafficWeight + " of model '" + modelId + "' must be a finite number > 0");
        }
        scenarios = List.copyOf(scenarios);
    }

    /** Validates the scenarios against the model; the builder calls it. */
    private ModelSpec validated() {
        for (Scenario s : scenarios) {
            s.validate(this);
        }
        return this;
    }

    public static Builder builder(String modelId, PredictionType type) {
        return new Builder(modelId, type);
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        Builder b = new Builder(modelId, type);
        b.versions = versions;
        b.features.addAll(features);
        b.classes = classes;
        b.intercept = intercept;
        b.noiseSd = noiseSd;
        b.latency = latency;
        b.errorRate = errorRate;
        b.labels = labels;
        b.segments = segments;
        b.trafficWeight = trafficWeight;
        b.scenarios.addAll(scenarios);
        return b;
    }

    /** The same model with these scenarios instead of its own. */
    public ModelSpec withScenarios(List<Scenario> newScenarios) {
        Builder b = toBuilder();
        b.scenarios.clear();
        b.scenarios.addAll(newScenarios);
        return b.build();
    }

    /** The same model with scenario times and label delays divided by {@code speed}. */
    public ModelSpec scaled(double speed) {
        Builder b = toBuilder().labels(labels.scaled(speed));
        b.scenarios.clear();
        scenarios.forEach(s -> b.scenarios.add(s.scaled(speed)));
        return b.build();
    }

    public FeatureSpec featureOrNull(String name) {
        for (FeatureSpec f : features) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    public FeatureSpec feature(String name) {
        FeatureSpec f = featureOrNull(name);
        if (f == null) {
            throw new IllegalArgumentException("model '" + modelId + "' has no feature '" + name + "'; its features are " + featureNames());
        }
        return f;
    }

    public List<String> featureNames() {
        return features.stream().map(FeatureSpec::name).toList();
    }

    /** What happens when on this model's traffic, in time order. */
    public List<ScheduledChange> changes() {
        List<ScheduledChange> changes = new ArrayList<>();
        scenarios.forEach(s -> changes.addAll(s.changes(this)));
        changes.sort(java.util.Comparator.comparing(ScheduledChange::at));
        return changes;
    }

    /** Builds a {@link ModelSpec}; unset values get the defaults listed on each setter. */
    public static final class Builder {
        private final String modelId;
        private final PredictionType type;
        private List<String> versions = List.of("1");
        private final List<FeatureSpec> features = new ArrayList<>();
        private List<String> classes = List.of("class_0", "class_1", "class_2");
        private Double intercept;
        private Double baseRate;
        private Double noiseSd;
        private LatencySpec latency = new LatencySpec(20, 0.5);
        private double errorRate = 0.005;
        private LabelSpec labels = new LabelSpec(0.7, Duration.ofSeconds(30), 0.5);
        private SegmentSpec segments = SegmentSpec.defaults();
        private double trafficWeight = 1;
        private final List<Scenario> scenarios = new ArrayList<>();

        private Builder(String modelId, PredictionType type) {
            this.modelId = modelId;
            this.type = type;
        }

        /** Versions serving traffic in equal shares; default {@code ["1"]}. */
        public Builder versions(String... v) {
            versions = List.of(v);
            return this;
        }

        public Builder feature(FeatureSpec f) {
            features.add(f);
            return this;
        }

        public Builder features(List<FeatureSpec> f) {
            features.addAll(f);
            return this;
        }

        /** Classes of a multiclass model; default {@code class_0, class_1, class_2}. Ignored for other types. */
        public Builder classes(List<String> c) {
            classes = c;
            return this;
        }

        /** Intercept of the linear predictor; default 0. Replaces a {@link #baseRate}. */
        public Builder intercept(double i) {
            intercept = i;
            baseRate = null;
            return this;
        }

        /**
         * Binary models: the intercept is chosen at {@link #build()} so that this share of outcomes
         * (and the mean score) is positive on stationary traffic ({@link BaseRateCalibration}).
         * Replaces an {@link #intercept}.
         */
        public Builder baseRate(double rate) {
            if (!(rate > 0 && rate < 1)) {
                throw new IllegalArgumentException("base rate " + rate + " must be in (0, 1)");
            }
            baseRate = rate;
            intercept = null;
            return this;
        }

        /** Regression noise sd; default 1 for regression (and always 0 otherwise). */
        public Builder noiseSd(double sd) {
            noiseSd = sd;
            return this;
        }

        /** Default median 20 ms, sigma 0.5. */
        public Builder latency(LatencySpec l) {
            latency = l;
            return this;
        }

        /** Default 0.5%. */
        public Builder errorRate(double r) {
            errorRate = r;
            return this;
        }

        /** Default: 70% coverage, median delay 30 s, sigma 0.5. */
        public Builder labels(LabelSpec l) {
            labels = l;
            return this;
        }

        /** Default {@link SegmentSpec#defaults()}. */
        public Builder segments(SegmentSpec s) {
            segments = s;
            return this;
        }

        /** Default 1. */
        public Builder trafficWeight(double w) {
            trafficWeight = w;
            return this;
        }

        public Builder scenario(Scenario s) {
            scenarios.add(s);
            return this;
        }

        /**
         * Adds a named scenario made for this model ({@link ScenarioKind#forModel}); call it after
         * the features and segments are set.
         */
        public Builder scenario(ScenarioKind kind, Duration start, double intensity) {
            scenarios.add(kind.forModel(build(), start, intensity));
            return this;
        }

        public ModelSpec build() {
            double noise = type == PredictionType.REGRESSION ? (noiseSd == null ? 1.0 : noiseSd) : 0.0;
            double b = intercept == null ? 0.0 : intercept;
            if (baseRate != null) {
                if (type != PredictionType.BINARY) {
                    throw new IllegalArgumentException("a base rate applies to binary models; model '" + modelId
                        + "' is " + type.name().toLowerCase(java.util.Locale.ROOT) + ", set its intercept instead");
                }
                b = BaseRateCalibration.intercept(features, baseRate);
            }
            return new ModelSpec(modelId, versions, type, features, classes, b,
                noise, latency, errorRate, labels, segments, trafficWeight, scenarios).validated();
        }
    }
}
