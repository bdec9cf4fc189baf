package io.driftwatch.generator;

import java.time.Duration;

/**
 * What a run did.
 *
 * @param predictionsSent   predictions sent
 * @param outcomesSent      outcomes sent (including those sent early)
 * @param outcomesDropped   outcomes generated but never sent (the run was stopped, or the flush
 *                          policy was {@link RunOptions.OutcomeFlush#DROP})
 * @param outcomesSentEarly outcomes sent before their due time because more than
 *                          {@link RunOptions#maxPendingOutcomes()} were waiting
 * @param elapsed           duration of the run
 * @param stopped           true when {@link TrafficRunner#stop()} ended it
 */
public record RunSummary(long predictionsSent, long outcomesSent, long outcomesDropped, long outcomesSentEarly,
                         Duration elapsed, boolean stopped) {
}
