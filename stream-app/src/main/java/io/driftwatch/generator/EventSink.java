package io.driftwatch.generator;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;

/**
 * Where a {@link TrafficRunner} sends events: Kafka ({@link TrafficProducer}), a file, or a list in
 * a test. Called from the runner's thread only.
 */
public interface EventSink {

    void sendPrediction(PredictionEvent prediction);

    void sendOutcome(OutcomeEvent outcome);

    /** Makes everything sent so far durable or visible; called once when a run ends. */
    default void flush() {
    }
}
