package io.driftwatch.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic models for {@code driftwatch generate}: {@code modelCount} models named {@code model-1}...,
 * each with {@code versions} versions, {@code numericFeatures} numeric and
 * {@code categoricalFeatures} categorical features, traffic shared by Zipf weights 1/k^skew, and
 * one scenario applied to every model. Build with {@link #builder()}; {@link #models()} makes the
 * specs (a pure function of the configuration), {@link #generator} the generator.
 *
 * <p>Features cycle through realistic marginals. Numeric feature i: i mod 3 = 0 a normal
 * {@code measure_i}, 1 a log-normal amount {@code amount_i}, 2 an age {@code age_i} in [18, 95].
 * Categorical feature j: even j a Zipf-distributed string {@code category_j} with 5 + 3j (at most
 * 30) values, odd j a boolean {@code flag_j}. Every feature is missing with probability
 * {@code missingRate}. The first four numeric features and the first two categorical ones carry
 * weight; the rest are noise the model ignores.
 *
 * @param modelCount          number of models (≥ 1)
 * @param versions            versions per model (≥ 1), named 1, 2, ...; each gets an equal share
 * @param numericFeatures     numeric features per model (≥ 0)
 * @param categoricalFeatures categorical features per model (≥ 0); numeric + categorical ≥ 1
 * @param skew                Zipf exponent of traffic across models (0: equal shares)
 * @param type                what the models predict
 * @param classes             classes of multiclass models (≥ 2)
 * @param latency             latency distribution
 * @param errorRate           share of error events
 * @param labels              outcome coverage and delay
 * @param missingRate         probability that a feature value is missing
 * @param scenario            scenario applied to every model
 * @param scenarioStart       when it starts
 * @param intensity           its strength (1 = default)
 */
public record TrafficConfig(int modelCount, int versions, int numericFeatures, int categoricalFeatures, double skew,
                            PredictionType type, int classes, LatencySpec latency, double errorRate, LabelSpec labels,
                            double missingRate, ScenarioKind scenario, Duration scenarioStart, double intensity) {

    public TrafficConfig {
        if (modelCount < 1 || modelCount > 10_000) {
            throw new IllegalArgumentException("number of models " + modelCount + " must be in [1, 10000]");
        }
        if (versions < 1 || versions > 100) {
            throw new IllegalArgumentException("versions per model " + versions + " must be in [1, 100]");
        }
        if (numericFeatures < 0 || categoricalFeatures < 0 || numericFeatures + categoricalFeatures < 1
            || numericFeatures + categoricalFeatures > 10_000) {
            throw new IllegalArgumentException("features: " + numericFeatures + " numeric and " + categoricalFeatures
                + " categorical; give at least one and at most 10000 in all");
        }
        if (!(skew >= 0) || Double.isInfinite(skew)) {
            throw new IllegalArgumentException("model skew " + skew + " must be a finite number >= 0");
        }
        if (type == PredictionType.MULTICLASS && (classes < 2 || classes > 1000)) {
            throw new IllegalArgumentException("classes " + classes + " must be in [2, 1000] for multiclass models");
        }
        if (!(missingRate >= 0 && missingRate < 1)) {
            throw new IllegalArgumentException("missing rate " + missingRate + " must be in [0, 1)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The model specs this configuration describes. */
    public List<ModelSpec> models() {
        double[] weights = DiscreteDistribution.zipfWeights(modelCount, skew);
        List<ModelSpec> specs = new ArrayList<>(modelCount);
        for (int m = 0; m < modelCount; m++) {
            specs.add(model(m, weights[m]));
        }
        return specs;
    }

    /** A generator of these models' traffic. */
    public TrafficGenerator generator(long seed, Instant start) {
        return new TrafficGenerator(models(), seed, start);
    }

    private ModelSpec model(int index, double trafficWeight) {
        // The shape of each model's features comes from its index, not from the traffic seed, so
        // that one configuration always describes the same models.
        SplittableRandom shape = new SplittableRandom(0x5eedL + index);
        double outputScale = type == PredictionType.REGRESSION ? 10 : 1;
        List<FeatureSpec> features = new ArrayList<>();
        for (int i = 0; i < numericFeatures; i++) {
            double weight = i < 4 ? (shape.nextBoolean() ? 1 : -1) * (0.4 + 0.8 * shape.nextDouble()) * outputScale : 0;
            FeatureSpec f = switch (i % 3) {
                case 0 -> FeatureSpec.normal("measure_" + i, Math.rint(shape.nextDouble() * 200 - 100), 1 + Math.rint(shape.nextDouble() * 20));
                case 1 -> FeatureSpec.logNormal("amount_" + i, Math.rint(20 + shape.nextDouble() * 480), 0.4 + 0.6 * shape.nextDouble());
                default -> FeatureSpec.boundedInteger("age_" + i, 18, 95, 35 + Math.rint(shape.nextDouble() * 15), 12 + Math.rint(shape.nextDouble() * 4));
            };
            features.add(f.withMissingRate(missingRate).withWeight(weight));
        }
        for (int j = 0; j < categoricalFeatures; j++) {
            double weight = j < 2 ? 0.5 * outputScale : 0;
            FeatureSpec f;
            if (j % 2 == 0) {
                int n = Math.min(30, 5 + 3 * j);
                List<String> values = new ArrayList<>(n);
                for (int v = 0; v < n; v++) {
                    values.add(String.format(java.util.Locale.ROOT, "v%02d", v));
                }
                f = FeatureSpec.categorical("category_" + j, values, 1.1);
            } else {
                f = FeatureSpec.bool("flag_" + j, 0.1 + 0.4 * shape.nextDouble());
            }
            features.add(f.withMissingRate(missingRate).withWeight(weight));
        }
        List<String> classNames = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            classNames.add("class_" + c);
        }
        String[] versionNames = new String[versions];
        for (int v = 0; v < versions; v++) {
            versionNames[v] = Integer.toString(v + 1);
        }
        ModelSpec.Builder b = ModelSpec.builder("model-" + (index + 1), type)
            .versions(versionNames)
            .features(features)
            .classes(classNames)
            .latency(latency)
            .errorRate(errorRate)
            .labels(labels)
            .trafficWeight(trafficWeight);
        switch (type) {
            case BINARY -> b.baseRate(0.3);
            case REGRESSION -> b.intercept(50).noiseSd(5);
            case MULTICLASS -> b.intercept(0);
            default -> throw new IllegalStateException("unknown prediction type " + type);
        }
        if (scenario != ScenarioKind.STATIONARY) {
            b.scenario(scenario, scenarioStart, intensity);
        }
        return b.build();
    }

    /** Defaults: 3 binary models, 1 version, 6 numeric and 3 categorical features, skew 1, 20 ms latency, 0.5% errors, 70% labels after ~30 s, 1% missing, stationary. */
    public static final class Builder {
        private int models = 3;
        private int versions = 1;
        private int numericFeatures = 6;
        private int categoricalFeatures = 3;
        private double skew = 1;
        private PredictionType type = PredictionType.BINARY;
        private int classes = 3;
        private LatencySpec latency = new LatencySpec(20, 0.5);
        private double errorRate = 0.005;
        private LabelSpec labels = new LabelSpec(0.7, Duration.ofSeconds(30), 0.5);
        private double missingRate = 0.01;
        private ScenarioKind scenario = ScenarioKind.STATIONARY;
        private Duration scenarioStart = ScenarioKind.DEFAULT_START;
        private double intensity = 1;

        private Builder() {
        }

        public Builder models(int n) {
            models = n;
            return this;
        }

        public Builder versions(int n) {
            versions = n;
            return this;
        }

        public Builder numericFeatures(int n) {
            numericFeatures = n;
            return this;
        }

        public Builder categoricalFeatures(int n) {
            categoricalFeatures = n;
            return this;
        }

        public Builder skew(double s) {
            skew = s;
            return this;
        }

        public Builder type(PredictionType t) {
            type = t;
            return this;
        }

        public Builder classes(int n) {
            classes = n;
            return this;
        }

        public Builder latency(LatencySpec l) {
            latency = l;
            return this;
        }

        public Builder errorRate(double r) {
            errorRate = r;
            return this;
        }

        public Builder labels(LabelSpec l) {
            labels = l;
            return this;
        }

        public Builder missingRate(double r) {
            missingRate = r;
            return this;
        }

        public Builder scenario(ScenarioKind kind, Duration start, double strength) {
            scenario = kind;
            scenarioStart = start;
            intensity = strength;
            return this;
        }

        public TrafficConfig build() {
            return new TrafficConfig(models, versions, numericFeatures, categoricalFeatures, skew, type, classes, latency,
                errorRate, labels, missingRate, scenario, scenarioStart, intensity);
        }
    }
}
