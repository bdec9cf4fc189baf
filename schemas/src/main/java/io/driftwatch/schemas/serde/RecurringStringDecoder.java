package io.driftwatch.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder that returns the same {@code String} instance for a short string it has read
 * before: feature names, model ids and versions, categorical values and segment values recur in every
 * event, and reading each afresh cost an allocation and a UTF-8 decode per string, and then a hash
 * computation per map lookup downstream (a reused instance keeps its cached hash). Issue #14, lever 4.
 *
 * <p>The table is direct-mapped: a string's slot is chosen by the hash of its bytes, and a new string
 * replaces whatever held its slot. Strings that never recur (prediction ids, request ids) therefore
 * only evict the odd recurring one, which the next event puts back; nothing grows. Longer strings are
 * decoded as usual. One instance per reading thread: it is not thread-safe.
 */
final class RecurringStringDecoder extends Decoder {

    /** Longer strings are rarely names; comparing them would cost what decoding them does. */
    static final int MAX_CACHED_BYTES = 48;
    private static final int SLOTS = 4096;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];
    private final byte[] scratch = new byte[MAX_CACHED_BYTES];
    private BinaryDecoder in;

    /** Reads from {@code binary} from now on, keeping the table of strings seen so far. */
    RecurringStringDecoder reading(BinaryDecoder binary) {
        this.in = binary;
        return this;
    }

    BinaryDecoder binary() {
        return in;
    }

    @Override
    public String readString() throws IOException {
        long length = in.readLong();
        if (length < 0 || length > MAX_CACHED_BYTES) {
            return readLong(length);
        }
        int n = (int) length;
        in.readFixed(scratch, 0, n);
        int hash = 1;
        for (int i = 0; i < n; i++) {
            hash = 31 * hash + scratch[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, scratch, 0, n)) {
            return values[slot];
        }
        String value = new String(scratch, 0, n, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOf(scratch, n);
        values[slot] = value;
        return value;
    }

    private String readLong(long length) throws IOException {
        if (length < 0) {
            throw new org.apache.avro.AvroRuntimeException("Malformed data. Length is negative: " + length);
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new UnsupportedOperationException("Cannot read strings longer than " + (Integer.MAX_VALUE - 8) + " bytes");
        }
        // Reading a length the record does not hold would allocate it first: BinaryDecoder fails on the
        // missing bytes too, but only after the allocation, so check what is left when it is knowable.
        byte[] bytes = new byte[(int) Math.min(length, 1 << 16)];
        if (length <= bytes.length) {
            in.readFixed(bytes, 0, (int) length);
            return new String(bytes, 0, (int) length, StandardCharsets.UTF_8);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length);
        long left = length;
        while (left > 0) {
            int chunk = (int) Math.min(left, bytes.length);
            in.readFixed(bytes, 0, chunk);
            out.write(bytes, 0, chunk);
            left -= chunk;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    // Everything else is the binary decoder's.

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        return in.readString(old);
    }

    @Override
    public void skipString() throws IOException {
        in.skipString();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        return in.readBytes(old);
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return in.readArrayStart();
    }

    @Override
    public long arrayNext() throws IOException {
        return in.arrayNext();
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return in.readMapStart();
    }

    @Override
    public long mapNext() throws IOException {
        return in.mapNext();
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
