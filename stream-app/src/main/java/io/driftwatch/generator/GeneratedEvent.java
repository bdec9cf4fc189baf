package io.driftwatch.generator;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import java.time.Instant;

/**
 * One generated prediction and, when its label is covered, its outcome. The outcome's
 * {@code event_time} is when it is due: the prediction's time plus the label delay. Send it then,
 * not now (an {@link OutcomeDelayQueue} holds it until that time).
 *
 * @param prediction the prediction event
 * @param outcome    its outcome, or null when the label is never sent (not covered, or an error event)
 * @param shadow     a shadow version's prediction of the same request, sent right after it, or null
 */
public record GeneratedEvent(PredictionEvent prediction, OutcomeEvent outcome, PredictionEvent shadow) {

    public GeneratedEvent(PredictionEvent prediction, OutcomeEvent outcome) {
        this(prediction, outcome, null);
    }

    /** When the outcome is due; null without an outcome. */
    public Instant outcomeDue() {
        return outcome == null ? null : outcome.getEventTime();
    }
}
