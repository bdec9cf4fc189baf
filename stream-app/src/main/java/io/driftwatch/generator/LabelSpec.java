package io.driftwatch.generator;

import java.time.Duration;

/**
 * When true outcomes arrive. A prediction gets an outcome with probability {@code coverage}; the
 * outcome is due after a log-normal delay median·exp(σ·Z) (σ = 0: always the median).
 *
 * @param coverage    share of predictions whose outcome is ever sent, in [0, 1]
 * @param medianDelay median delay between a prediction and its outcome
 * @param sigma       standard deviation of the log delay
 */
public record LabelSpec(double coverage, Duration medianDelay, double sigma) {

    public LabelSpec {
        if (!(coverage >= 0 && coverage <= 1)) {
            throw new IllegalArgumentException("label coverage " + coverage + " must be in [0, 1]");
        }
        if (medianDelay == null || medianDelay.isNegative()) {
            throw new IllegalArgumentException("label delay " + medianDelay + " must be a duration >= 0");
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("label delay sigma " + sigma + " must be a finite number >= 0");
        }
    }

    /** The delay, in milliseconds, for one standard normal {@code z}. */
    long delayMillis(double z) {
        return Math.round(medianDelay.toMillis() * Math.exp(sigma * z));
    }

    /** The same distribution with delays divided by {@code speed}. */
    LabelSpec scaled(double speed) {
        return new LabelSpec(coverage, Scenario.scale(medianDelay, speed), sigma);
    }
}
