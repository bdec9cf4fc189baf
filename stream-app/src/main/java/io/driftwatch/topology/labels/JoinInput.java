package io.driftwatch.topology.labels;

import java.util.Map;

/**
 * What the label join needs of a prediction or an outcome, keyed by prediction id. Predictions are
 * projected to this before they are repartitioned, so the join does not move their features.
 */
public sealed interface JoinInput {

    String predictionId();

    String modelId();

    long eventTime();

    /** A prediction: what the model answered, and its segment values for per-group quality. */
    record PredictionFacts(String predictionId, String modelId, String modelVersion, long eventTime,
                           String label, Double score, Map<String, Double> probabilities, Double value,
                           Map<String, String> segments) implements JoinInput {}

    /** An outcome: the true label or value. */
    record OutcomeFacts(String predictionId, String modelId, String modelVersion, long eventTime,
                        String label, Double value) implements JoinInput {}
}
