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

    /**
     * A prediction: what the model answered, and its segment values for per-group quality. {@code requestId}
     * is set only for a primary-role prediction that names its request, so that its outcome can also settle
     * which of a shadow pair was right (null otherwise, and then it costs the pending state nothing).
     */
    record PredictionFacts(String predictionId, String modelId, String modelVersion, long eventTime,
                           String label, Double score, Map<String, Double> probabilities, Double value,
                           Map<String, String> segments, String requestId) implements JoinInput {

        /** A prediction whose outcome matters only to its own version's quality. */
        public PredictionFacts(String predictionId, String modelId, String modelVersion, long eventTime, String label,
                               Double score, Map<String, Double> probabilities, Double value, Map<String, String> segments) {
            this(predictionId, modelId, modelVersion, eventTime, label, score, probabilities, value, segments, null);
        }
    }

    /** An outcome: the true label or value. */
    record OutcomeFacts(String predictionId, String modelId, String modelVersion, long eventTime,
                        String label, Double value) implements JoinInput {}
}
