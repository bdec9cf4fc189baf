package io.driftwatch.generator;

import java.util.random.RandomGenerator;

/**
 * Inference latency in milliseconds, log-normal: median·exp(σ·Z), Z standard normal. Its p99 is
 * median·e^(2.326σ) (σ = 0.5: 3.2× the median).
 *
 * @param medianMs median latency, ms
 * @param sigma    standard deviation of the log latency
 */
public record LatencySpec(double medianMs, double sigma) {

    public LatencySpec {
        if (!(medianMs > 0) || Double.isInfinite(medianMs)) {
            throw new IllegalArgumentException("median latency " + medianMs + " ms must be a finite number > 0");
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("latency sigma " + sigma + " must be a finite number >= 0");
        }
    }

    double sample(RandomGenerator random) {
        return medianMs * Math.exp(sigma * random.nextGaussian());
    }
}
