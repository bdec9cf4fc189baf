package io.driftwatch.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that is reset and reused between records; unlike
 * {@link java.io.ByteArrayOutputStream} it takes no lock per write, since one serializer call
 * owns it at a time.
 */
final class ByteSink extends OutputStream {

    private byte[] buffer;
    private int size;

    ByteSink(int initialCapacity) {
        buffer = new byte[initialCapacity];
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] buffer() {
        return buffer;
    }

    @Override
    public void write(int b) {
        ensure(size + 1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensure(size + length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int capacity) {
        if (capacity > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(capacity, buffer.length * 2));
        }
    }
}
