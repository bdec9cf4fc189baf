package io.driftwatch.cli;

import io.driftwatch.generator.EventSink;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's traffic on its way to Kafka, and the newest event time it sent of each model version: what the demo waits
 * to see reported before it stops ({@link LastWindowsWait}). Written by the traffic thread, read by the main one.
 */
final class LastEventTimes implements EventSink {

    /** A model version, as the monitor's gauges tag it. */
    record ModelVersion(String model, String version) {
    }

    private final EventSink sink;
    private final Map<ModelVersion, Long> newest = new ConcurrentHashMap<>();

    LastEventTimes(EventSink sink) {
        this.sink = sink;
    }

    @Override
    public void sendPrediction(PredictionEvent prediction) {
        sink.sendPrediction(prediction);
        newest.merge(new ModelVersion(prediction.getModelId(), prediction.getModelVersion()),
            prediction.getEventTime().toEpochMilli(), Math::max);
    }

    @Override
    public void sendOutcome(OutcomeEvent outcome) {
        sink.sendOutcome(outcome);
    }

    @Override
    public void flush() {
        sink.flush();
    }

    /** The newest prediction event time sent of each model version so far, epoch milliseconds. */
    Map<ModelVersion, Long> newest() {
        return Map.copyOf(newest);
    }
}
