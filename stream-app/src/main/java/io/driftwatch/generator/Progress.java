package io.driftwatch.generator;

import java.time.Duration;

/**
 * Where a run stands, reported about every second and once at the end.
 *
 * @param predictionsSent predictions sent so far
 * @param outcomesSent    outcomes sent so far
 * @param outcomesPending outcomes generated and waiting for their due time
 * @param elapsed         time since the run started
 * @param currentRate     predictions per second since the previous report
 * @param averageRate     predictions per second since the start
 * @param finished        true on the last report of a run
 */
public record Progress(long predictionsSent, long outcomesSent, long outcomesPending, Duration elapsed,
                       double currentRate, double averageRate, boolean finished) {
}
