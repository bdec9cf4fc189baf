package io.driftwatch.comparison;

import io.driftwatch.profile.LatencyAccumulator;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.stats.QuantileDifference;

/**
 * A version's outputs-only window profile ({@link WindowProfile#outputsOnly()}) as the comparison
 * stage keeps it: encoded bytes, merged over windows, read back for the latency sketch.
 */
final class VersionOutputs {

    private static final WindowProfileCodec CODEC = new WindowProfileCodec();

    private VersionOutputs() {
    }

    /** {@code sofar} with {@code window} added; either may be null (nothing yet, or not carried). */
    static byte[] merged(byte[] sofar, byte[] window) {
        if (window == null) {
            return sofar;
        }
        if (sofar == null) {
            return window;
        }
        WindowProfile all = CODEC.decode(sofar);
        all.merge(CODEC.decode(window));
        return CODEC.encode(all);
    }

    static WindowProfile decode(byte[] bytes) {
        return bytes == null ? null : CODEC.decode(bytes);
    }

    /** The latency sketch of encoded outputs, or null when there are none or no latency was measured. */
    static QuantileDifference.Sketch latency(byte[] bytes) {
        WindowProfile p = decode(bytes);
        LatencyAccumulator l = p == null ? null : p.latency();
        return l == null || l.count() == 0 ? null : new LatencySketch(l);
    }

    /** A latency accumulator as the quantile-difference test reads it. */
    record LatencySketch(LatencyAccumulator latency) implements QuantileDifference.Sketch {
        @Override
        public long count() {
            return latency.count();
        }

        @Override
        public double quantile(double rank) {
            return latency.quantile(rank);
        }

        @Override
        public double rankError() {
            return latency.rankError();
        }

        @Override
        public double rankError(double rank) {
            return latency.rankError(rank);
        }
    }
}
