package io.driftwatch.topology.labels;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import java.util.HashMap;
import java.util.List;
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

        /** What the join keeps of an accepted prediction: its answer, and its values of the segment attributes. */
        public static PredictionFacts of(PredictionEvent e, List<String> segmentAttributes) {
            Prediction p = e.getPrediction();
            Map<String, String> segments = new HashMap<>();
            for (String attribute : segmentAttributes) {
                String v = e.getSegments().get(attribute);
                if (v != null) {
                    segments.put(attribute, v);
                }
            }
            // Only a primary's outcome judges a shadow pair (outcomes name the served prediction); as in shadow
            // pairing, an error names no request.
            String role = e.getDeploymentRole();
            String requestId = (role == null || role.equals("primary")) && !e.getError() ? e.getRequestId() : null;
            return new PredictionFacts(e.getPredictionId(), e.getModelId(), e.getModelVersion(),
                e.getEventTime().toEpochMilli(), p == null ? null : p.getLabel(), p == null ? null : p.getScore(),
                p == null ? null : p.getProbabilities(), p == null ? null : p.getValue(), segments, requestId);
        }
    }

    /** An outcome: the true label or value. */
    record OutcomeFacts(String predictionId, String modelId, String modelVersion, long eventTime,
                        String label, Double value) implements JoinInput {

        /** What the join needs of an accepted outcome. */
        public static OutcomeFacts of(OutcomeEvent o) {
            return new OutcomeFacts(o.getPredictionId(), o.getModelId(), o.getModelVersion(), o.getEventTime().toEpochMilli(),
                o.getLabel(), o.getValue());
        }
    }
}
