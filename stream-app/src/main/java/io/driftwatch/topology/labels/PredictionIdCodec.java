package io.driftwatch.topology.labels;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Prediction ids as keys of the join's pending-predictions store: a canonical lower-case UUID (what most
 * model servers and the generator use) in 17 bytes instead of 36, anything else as its UTF-8 bytes
 * behind a tag byte. Exact both ways: an id is written as a UUID only if it reads back character for
 * character.
 *
 * <p>The join encodes an id once per record and gives the store the bytes, rather than a serde that would
 * encode it again for each of the record's lookups and writes (up to four for an outcome).
 */
final class PredictionIdCodec {

    private static final byte TEXT = 0;
    private static final byte UUID = 1;

    /** The value of each lower-case hex digit, -1 for every other ASCII character. */
    private static final byte[] HEX_DIGIT = new byte[128];

    static {
        Arrays.fill(HEX_DIGIT, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX_DIGIT[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX_DIGIT[c] = (byte) (c - 'a' + 10);
        }
    }

    private PredictionIdCodec() {
    }

    static byte[] encode(String id) {
        if (id.length() == 36 && id.charAt(8) == '-' && id.charAt(13) == '-' && id.charAt(18) == '-'
            && id.charAt(23) == '-') {
            // 8-4-4-4-12 lower-case hex digits, exactly as java.util.UUID#toString() writes them.
            long a = hex(id, 0, 8);
            long b = hex(id, 9, 13);
            long c = hex(id, 14, 18);
            long d = hex(id, 19, 23);
            long e = hex(id, 24, 36);
            if ((a | b | c | d | e) >= 0) {
                return ByteBuffer.allocate(17).put(UUID).putLong(a << 32 | b << 16 | c).putLong(d << 48 | e).array();
            }
        }
        byte[] text = id.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[text.length + 1];
        out[0] = TEXT;
        System.arraycopy(text, 0, out, 1, text.length);
        return out;
    }

    static String decode(byte[] data) {
        if (data.length == 0) {
            throw new SerializationException("Empty prediction id key");
        }
        if (data[0] == TEXT) {
            return new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
        }
        if (data[0] == UUID && data.length == 17) {
            ByteBuffer in = ByteBuffer.wrap(data, 1, 16);
            return new java.util.UUID(in.getLong(), in.getLong()).toString();
        }
        throw new SerializationException("Unknown prediction id key of " + data.length + " bytes, tag " + data[0]);
    }

    /** The lower-case hex digits of {@code id} from {@code from} to {@code to} (at most 12), or -1. */
    private static long hex(String id, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char ch = id.charAt(i);
            int digit = ch < 128 ? HEX_DIGIT[ch] : -1;
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }
}
