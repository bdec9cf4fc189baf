package io.driftwatch.schemas.json;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Reads and writes one kind of input event as JSON, in the shape documented in
 * docs/producers.md. Implementations are immutable and thread-safe.
 *
 * @param <T> the event class
 */
public interface JsonEventCodec<T> {

    /**
     * Decodes one event from UTF-8 JSON.
     *
     * @throws JsonShapeException naming the JSON path and the problem when the input is not JSON
     *     or not an event of this kind
     */
    T decode(byte[] data, int offset, int length);

    default T decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    default T decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Encodes {@code event} as compact UTF-8 JSON that {@link #decode(byte[])} reads back equal:
     * times as epoch milliseconds, fields at their default (null, false, empty segments) left out.
     *
     * @throws IllegalArgumentException when the event cannot be written (a required field is null,
     *     a feature value is of a type the schema does not allow)
     */
    byte[] encode(T event);

    default String encodeToString(T event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    /** A Kafka serializer writing {@link #encode(Object)}; null stays null (a tombstone). */
    default Serializer<T> serializer() {
        return (topic, event) -> event == null ? null : encode(event);
    }
}
