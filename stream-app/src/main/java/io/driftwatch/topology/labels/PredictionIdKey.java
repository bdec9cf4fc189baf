package io.driftwatch.topology.labels;

import io.driftwatch.ingest.KeyRule;
import io.driftwatch.ingest.Rejection;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The key the co-partitioned label join relies on: a record's prediction id as a string serializer writes it,
 * so that Kafka's default partitioner puts a prediction and its outcome on the same partition number.
 */
public final class PredictionIdKey {

    /** The dead-letter reason of a record refused by {@code labels.join.layout=co-partitioned-strict}. */
    public static final String REASON = "NOT_KEYED_BY_PREDICTION_ID";

    /** How much of a refused key the dead letter's message quotes. */
    private static final int QUOTED_KEY_CHARS = 64;

    private PredictionIdKey() {
    }

    /** Refuses an event whose record key is not its prediction id ({@code labels.join.layout=co-partitioned-strict}). */
    public static <T> KeyRule<T> required(Function<T, String> predictionId) {
        return (key, event) -> {
            String id = predictionId.apply(event);
            return matches(key, id) ? null : new Rejection(REASON, "labels.join.layout=co-partitioned-strict joins a"
                + " record in the task that reads it, so its key must be its prediction id (UTF-8, Kafka's default"
                + " partitioner; docs/producers.md). This record's key is " + describe(key) + " and its prediction id \""
                + id + "\". Key it by its prediction id, or set labels.join.layout=co-partitioned to have such records"
                + " re-keyed and joined.", null);
        };
    }

    /** Whether the key is the UTF-8 bytes of the prediction id. */
    static boolean matches(byte[] key, String predictionId) {
        if (key == null || key.length < predictionId.length()) {
            return false;
        }
        if (key.length == predictionId.length()) {
            // The common case, ASCII ids: compare without encoding the id.
            for (int i = 0; i < key.length; i++) {
                char c = predictionId.charAt(i);
                if (c >= 0x80) {
                    return Arrays.equals(key, predictionId.getBytes(StandardCharsets.UTF_8));
                }
                if (key[i] != (byte) c) {
                    return false;
                }
            }
            return true;
        }
        return Arrays.equals(key, predictionId.getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(byte[] key) {
        if (key == null) {
            return "absent";
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(key)).toString();
            if (text.length() <= QUOTED_KEY_CHARS) {
                return "\"" + text + "\"";
            }
            int end = Character.isHighSurrogate(text.charAt(QUOTED_KEY_CHARS - 1)) ? QUOTED_KEY_CHARS - 1 : QUOTED_KEY_CHARS;
            return "\"" + text.substring(0, end) + "...\" (" + key.length + " bytes)";
        } catch (CharacterCodingException e) {
            return "not UTF-8 (" + key.length + " bytes)";
        }
    }
}
