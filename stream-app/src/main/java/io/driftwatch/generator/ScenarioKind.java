package io.driftwatch.generator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The named scenarios, each made for a given model from a start time and one intensity knob
 * (1 = the documented default strength; 0.5 half as strong, 2 twice). See {@code docs/generator.md}.
 */
public enum ScenarioKind {
    /** No change. */
    STATIONARY("stationary"),
    /**
     * The first numeric feature's mean moves by +1·intensity sd, the second numeric feature's spread
     * grows ×(1 + intensity), and the first string feature gains category {@value #NEW_CATEGORY} in
     * min(50%, 20%·intensity) of events.
     */
    INPUT_DRIFT("input-drift"),
    /**
     * Over {@link #DEFAULT_RAMP}, latency rises to ×(1 + 4·intensity) and the error rate by
     * min(10%·intensity, what is left to 100%).
     */
    LATENCY_DEGRADATION("latency-degradation"),
    /**
     * For inputs whose first weighted numeric feature is above its nominal mean, the true outcome's
     * relationship flips with probability min(1, intensity).
     */
    CONCEPT_DRIFT("concept-drift"),
    /** The last protected group's scores lose 2·intensity logits (binary classifiers only). */
    FAIRNESS_GAP("fairness-gap"),
    /** The first feature is missing in a further min(100%, 30%·intensity) of events. */
    MISSING_VALUES("missing-values");

    /** The category that {@link #INPUT_DRIFT} introduces. */
    public static final String NEW_CATEGORY = "new_value";
    /** Ramp of {@link #LATENCY_DEGRADATION}. */
    public static final Duration DEFAULT_RAMP = Duration.ofMinutes(2);
    /** Default start of every scenario: two minutes in, after the first windows made a baseline. */
    public static final Duration DEFAULT_START = Duration.ofMinutes(2);

    private final String id;

    ScenarioKind(String id) {
        this.id = id;
    }

    /** The name used on the command line, e.g. {@code input-drift}. */
    public String id() {
        return id;
    }

    /** Parses an id ({@code input-drift}) or constant name ({@code INPUT_DRIFT}). */
    public static ScenarioKind parse(String text) {
        String normalized = text.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        for (ScenarioKind kind : values()) {
            if (kind.id.equals(normalized)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown scenario '" + text + "'; use one of "
            + Arrays.stream(values()).map(ScenarioKind::id).collect(Collectors.joining(", ")));
    }

    /**
     * This kind of scenario for {@code model}, starting at {@code start}, at {@code intensity}.
     *
     * @throws IllegalArgumentException when the model lacks what the scenario needs (say, a numeric
     *                                  feature for concept drift, or a binary task for a fairness gap)
     */
    public Scenario forModel(ModelSpec model, Duration start, double intensity) {
        if (!(intensity > 0) || Double.isInfinite(intensity)) {
            throw new IllegalArgumentException("scenario intensity " + intensity + " must be a finite number > 0");
        }
        Scenario scenario = switch (this) {
            case STATIONARY -> new Scenario.Stationary();
            case INPUT_DRIFT -> inputDrift(model, start, intensity);
            case LATENCY_DEGRADATION -> new Scenario.LatencyDegradation(start, DEFAULT_RAMP, 1 + 4 * intensity,
                Math.min(0.10 * intensity, 1 - model.errorRate()));
            case CONCEPT_DRIFT -> {
                FeatureSpec feature = model.features().stream().filter(f -> f.marginal().numeric() && f.weight() != 0)
                    .findFirst().orElseGet(() -> firstNumeric(model));
                yield new Scenario.ConceptDrift(start, feature.name(), feature.marginal().center(), Math.min(1, intensity));
            }
            case FAIRNESS_GAP -> {
                String[] groups = model.segments().groups().keySet().toArray(String[]::new);
                yield new Scenario.FairnessGap(start, groups[groups.length - 1], 2 * intensity);
            }
            case MISSING_VALUES -> {
                if (model.features().isEmpty()) {
                    throw new IllegalArgumentException("missing-values needs a feature; model '" + model.modelId()
                        + "' has none");
                }
                yield new Scenario.MissingValues(start, model.features().get(0).name(), Math.min(1, 0.3 * intensity));
            }
        };
        scenario.validate(model);
        return scenario;
    }

    private static Scenario inputDrift(ModelSpec model, Duration start, double intensity) {
        var numeric = model.features().stream().filter(f -> f.marginal().numeric()).toList();
        if (numeric.isEmpty()) {
            throw new IllegalArgumentException("input-drift needs a numeric feature; model '" + model.modelId() + "' has none");
        }
        Map<String, Double> shift = Map.of(numeric.get(0).name(), intensity);
        Map<String, Double> spread = numeric.size() > 1 ? Map.of(numeric.get(1).name(), 1 + intensity) : Map.of();
        String categorical = model.features().stream().filter(f -> f.marginal() instanceof Marginal.Categorical)
            .map(FeatureSpec::name).findFirst().orElse(null);
        return new Scenario.InputDrift(start, shift, spread, categorical, categorical == null ? null : NEW_CATEGORY,
            categorical == null ? 0 : Math.min(0.5, 0.2 * intensity));
    }

    private static FeatureSpec firstNumeric(ModelSpec model) {
        return model.features().stream().filter(f -> f.marginal().numeric()).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("concept-drift needs a numeric feature to define the drifting region; model '"
                + model.modelId() + "' has none"));
    }
}
