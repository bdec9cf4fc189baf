package io.driftwatch.generator;

/**
 * Token bucket: tokens accrue at {@code ratePerSecond} up to {@code burst}; sending an event takes
 * one. Over any interval of length T no more than burst + rate·T events go out, and a sender that
 * keeps up sends at the rate; one that falls behind does not catch up by more than a burst. The
 * bucket starts with one token, so the first event goes out at once. Not thread-safe; time is
 * passed in, so the pacer is a pure function of the clock readings it is given.
 */
final class RatePacer {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last;

    /**
     * @param ratePerSecond events per second (> 0)
     * @param burst         bucket capacity in events (≥ 1)
     * @param nowNanos      current clock reading
     */
    RatePacer(double ratePerSecond, double burst, long nowNanos) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate " + ratePerSecond + " events/s must be a finite number > 0");
        }
        if (!(burst >= 1) || Double.isInfinite(burst)) {
            throw new IllegalArgumentException("burst " + burst + " must be a finite number >= 1");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = 1;
        this.last = nowNanos;
    }

    /** A burst of 10 ms of traffic (at least 1 event): smooth at low rates, few wake-ups at high ones. */
    static double defaultBurst(double ratePerSecond) {
        return Math.max(1.0, ratePerSecond / 100);
    }

    private void refill(long nowNanos) {
        if (nowNanos > last) {
            tokens = Math.min(burst, tokens + (nowNanos - last) * ratePerNano);
            last = nowNanos;
        }
    }

    /** Whole events that may be sent now. */
    long available(long nowNanos) {
        refill(nowNanos);
        return (long) Math.floor(tokens);
    }

    /** Takes {@code n} tokens (n ≤ {@link #available}). */
    void take(long n) {
        tokens -= n;
    }

    /** Nanoseconds an empty bucket takes to fill. */
    double nanosToFill() {
        return burst / ratePerNano;
    }

    /** Nanoseconds until one event may be sent (0 if now). */
    long nanosUntilNext(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / ratePerNano);
    }
}
