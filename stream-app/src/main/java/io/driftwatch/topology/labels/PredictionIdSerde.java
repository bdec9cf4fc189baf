package io.driftwatch.topology.labels;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Prediction ids as keys of the join's pending-predictions store: a canonical lower-case UUID (what most
 * model servers and the generator use) in 17 bytes instead of 36, anything else as its UTF-8 bytes
 * behind a tag byte. Exact both ways: an id is written as a UUID only if it reads back character for
 * character.
 */
public final class PredictionIdSerde implements Serde<String> {

    private static final byte TEXT = 0;
    private static final byte UUID = 1;

    @Override
    public Serializer<String> serializer() {
        return (topic, id) -> id == null ? null : encode(id);
    }

    @Override
    public Deserializer<String> deserializer() {
        return (topic, data) -> data == null ? null : decode(data);
    }

    static byte[] encode(String id) {
        if (isCanonicalUuid(id)) {
            ByteBuffer out = ByteBuffer.allocate(17);
            out.put(UUID);
            long high = 0;
            long low = 0;
            int digits = 0;
            for (int i = 0; i < 36; i++) {
                char c = id.charAt(i);
                if (c == '-') {
                    continue;
                }
                int nibble = Character.digit(c, 16);
                if (digits < 16) {
                    high = high << 4 | nibble;
                } else {
                    low = low << 4 | nibble;
                }
                digits++;
            }
            return out.putLong(high).putLong(low).array();
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

    /** 8-4-4-4-12 lower-case hex digits, exactly as {@link java.util.UUID#toString()} writes them. */
    static boolean isCanonicalUuid(String id) {
        if (id.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
