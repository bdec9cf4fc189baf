package io.driftwatch.schemas;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Small, realistic input events for tests. */
public final class TestEvents {

    public static final Instant TIME = Instant.parse("2026-11-22T10:15:30.250Z");

    private TestEvents() {}

    /** A binary classifier's prediction with every field set. */
    public static PredictionEvent prediction() {
        Map<String, Object> features = new HashMap<>();
        features.put("amount", 129.95);
        features.put("country", "DE");
        features.put("new_customer", true);
        features.put("age", null);
        Map<String, Double> probabilities = new HashMap<>();
        probabilities.put("0", 0.07);
        probabilities.put("1", 0.93);
        Map<String, String> segments = new HashMap<>();
        segments.put("region", "eu-west");
        segments.put("tenant", "acme");
        return PredictionEvent.newBuilder()
                .setPredictionId("p-0001")
                .setModelId("fraud-scorer")
                .setModelVersion("3")
                .setEventTime(TIME)
                .setFeatures(features)
                .setPrediction(Prediction.newBuilder().setLabel("1").setScore(0.93).setProbabilities(probabilities).build())
                .setLatencyMs(4.25)
                .setError(false)
                .setErrorMessage(null)
                .setSegments(segments)
                .build();
    }

    /** The outcome of {@link #prediction()}. */
    public static OutcomeEvent outcome() {
        return OutcomeEvent.newBuilder()
                .setPredictionId("p-0001")
                .setModelId("fraud-scorer")
                .setModelVersion("3")
                .setEventTime(TIME.plusSeconds(3600))
                .setLabel("1")
                .setValue(null)
                .build();
    }
}
