package io.driftwatch.schemas.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.InvalidNumberEncodingException;
import org.apache.avro.SystemLimitException;

/**
 * {@link AvroInput} straight from the bytes of one record: a position in the array the record came in, and nothing
 * copied. Avro's {@code BinaryDecoder} copies each string into a {@code Utf8} before the reader may look at it; here a
 * repeated string is compared with the string kept for it where it lies. That copy, with the {@code Utf8}'s own
 * bookkeeping, was about a twentieth of the stream threads' samples at a live stream's pace (bench/RESULTS.md, issue
 * #14).
 *
 * <p>Each read follows the Avro specification's binary encoding and fails as the same read of Avro 1.12's
 * {@code BinaryDecoder} over a byte array does: {@link EOFException} when the record ends before it,
 * {@link InvalidNumberEncodingException} for a varint longer than 5 (int) or 10 (long) bytes, and Avro's
 * {@link SystemLimitException} checks for lengths and counts ({@code PredictionEventReaderTest} holds the two
 * readers to it over random records, every cut of a record and random corruptions). Not thread-safe.
 */
final class AvroBytes implements AvroInput {

    private byte[] buf = new byte[0];
    private int pos;
    private int limit;
    // Items in the map being read so far, for Avro's limit on a collection's length.
    private long collectionCount;

    /** Reads {@code data[offset, offset + length)} from here on. */
    void reset(byte[] data, int offset, int length) {
        buf = data;
        pos = offset;
        limit = offset + length;
    }

    /** Whether every byte has been read. */
    boolean isEnd() {
        return pos >= limit;
    }

    @Override
    public long readLong() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = next();
            value |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new InvalidNumberEncodingException("Invalid long encoding");
    }

    @Override
    public int readInt() throws IOException {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = next();
            value |= (b & 0x7F) << shift;
            if (b < 0x80) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new InvalidNumberEncodingException("Invalid int encoding");
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    @Override
    public void readNull() {
        // Nothing is written for a null.
    }

    private int next() throws EOFException {
        if (pos >= limit) {
            throw new EOFException();
        }
        return buf[pos++] & 0xFF;
    }

    @Override
    public double readDouble() throws IOException {
        if (limit - pos < 8) {
            throw new EOFException();
        }
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = (bits << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public boolean readBoolean() throws IOException {
        return next() == 1;
    }

    @Override
    public String readString() throws IOException {
        int length = stringLength();
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    @Override
    public String readRepeated(RepeatedStrings strings, int position) throws IOException {
        int length = stringLength();
        String s = strings.of(buf, pos, length, position);
        pos += length;
        return s;
    }

    private int stringLength() throws IOException {
        int length = SystemLimitException.checkMaxStringLength(readLong());
        if (length > limit - pos) {
            throw new EOFException("Attempted to read " + length + " bytes, but only " + (limit - pos) + " bytes are available");
        }
        return length;
    }

    @Override
    public long readMapStart() throws IOException {
        collectionCount = SystemLimitException.checkMaxCollectionLength(itemCount());
        return collectionCount;
    }

    @Override
    public long mapNext() throws IOException {
        long items = itemCount();
        collectionCount = SystemLimitException.checkMaxCollectionLength(collectionCount, items);
        return items;
    }

    /** A block's item count; a negative count is followed by the block's size in bytes, which is not needed here. */
    private long itemCount() throws IOException {
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new AvroRuntimeException("Malformed data. Block count is invalid: " + count);
            }
            long bytes = readLong();
            if (bytes < 0) {
                throw new AvroRuntimeException("Malformed data. Block byte-size is negative: " + bytes);
            }
            count = -count;
        }
        return count;
    }
}
