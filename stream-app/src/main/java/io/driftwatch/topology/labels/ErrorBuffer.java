package io.driftwatch.topology.labels;

import io.driftwatch.state.ObjectCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Per-prediction errors of one model version, in the order their labels arrived, not yet sent to the detectors. */
public final class ErrorBuffer {

    private final boolean regression;
    private double[] errors = new double[64];
    private int size;

    ErrorBuffer(boolean regression) {
        this.regression = regression;
    }

    void add(double error) {
        if (size == errors.length) {
            errors = Arrays.copyOf(errors, size * 2);
        }
        errors[size++] = error;
    }

    boolean regression() {
        return regression;
    }

    double[] errors() {
        return Arrays.copyOf(errors, size);
    }

    public static final ObjectCodec<ErrorBuffer> CODEC = new ObjectCodec<>() {
        @Override
        public byte[] encode(ErrorBuffer b) {
            ByteBuffer out = ByteBuffer.allocate(1 + 4 + 8 * b.size);
            out.put((byte) (b.regression ? 1 : 0)).putInt(b.size);
            for (int i = 0; i < b.size; i++) {
                out.putDouble(b.errors[i]);
            }
            return out.array();
        }

        @Override
        public ErrorBuffer decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            ErrorBuffer b = new ErrorBuffer(in.get() == 1);
            int n = in.getInt();
            for (int i = 0; i < n; i++) {
                b.add(in.getDouble());
            }
            return b;
        }
    };
}
