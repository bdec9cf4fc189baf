package io.driftwatch.generator;

import java.util.List;
import java.util.Objects;

/**
 * One generated feature.
 *
 * @param name        feature name in {@code PredictionEvent.features}
 * @param marginal    its distribution
 * @param missingRate probability that an event carries null for it, in [0, 1)
 * @param weight      how strongly the model's output depends on it: the coefficient of the
 *                    feature's {@linkplain Marginal.Sampler#signal signal} in the model's linear
 *                    predictor (logit units for classifiers, output units for regression); 0 for noise
 */
public record FeatureSpec(String name, Marginal marginal, double missingRate, double weight) {

    public FeatureSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(marginal, "marginal");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a feature needs a non-blank name");
        }
        if (!(missingRate >= 0 && missingRate < 1)) {
            throw new IllegalArgumentException("missing rate " + missingRate + " of feature '" + name + "' must be in [0, 1)");
        }
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight " + weight + " of feature '" + name + "' must be finite");
        }
    }

    public static FeatureSpec normal(String name, double mean, double sd) {
        return new FeatureSpec(name, new Marginal.Normal(mean, sd), 0, 0);
    }

    public static FeatureSpec normal(String name, double mean, double sd, double min, double max) {
        return new FeatureSpec(name, new Marginal.Normal(mean, sd, min, max), 0, 0);
    }

    public static FeatureSpec logNormal(String name, double median, double sigma) {
        return new FeatureSpec(name, new Marginal.LogNormal(median, sigma), 0, 0);
    }

    public static FeatureSpec boundedInteger(String name, int min, int max, double mean, double sd) {
        return new FeatureSpec(name, new Marginal.BoundedInteger(min, max, mean, sd), 0, 0);
    }

    public static FeatureSpec categorical(String name, List<String> categories, double zipfExponent) {
        return new FeatureSpec(name, new Marginal.Categorical(categories, zipfExponent), 0, 0);
    }

    public static FeatureSpec bool(String name, double p) {
        return new FeatureSpec(name, new Marginal.Bernoulli(p), 0, 0);
    }

    public FeatureSpec withMissingRate(double rate) {
        return new FeatureSpec(name, marginal, rate, weight);
    }

    public FeatureSpec withWeight(double w) {
        return new FeatureSpec(name, marginal, missingRate, w);
    }
}
