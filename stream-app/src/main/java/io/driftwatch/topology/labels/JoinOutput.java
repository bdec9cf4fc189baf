package io.driftwatch.topology.labels;

import io.driftwatch.topology.bus.BusMessage;

/**
 * What the label join sends on: messages for the model bus (quality deltas, error batches), and, for a
 * primary prediction that names its request, the request's outcome for shadow pairing. The two go
 * different ways (the bus is keyed by model id, the outcome by model/request_id), so the topology splits
 * them by type before the bus merge: a request outcome never reaches the model bus.
 */
public sealed interface JoinOutput {

    /** A message for the merge stage, over the model bus. */
    record Bus(BusMessage message) implements JoinOutput {}

    /**
     * The outcome of a primary prediction that names its request, keyed model/request_id. {@code eventTime}
     * is the prediction's event time (not the outcome's): shadow pairing measures its horizons from the
     * predictions' times, and the outcome must not move that task's stream time ahead of them.
     */
    record RequestOutcome(String modelId, String requestId, String label, Double value, long eventTime)
        implements JoinOutput {

        public String key() {
            return modelId + '/' + requestId;
        }
    }
}
