package io.driftwatch.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Header names on dead-letter records. They follow Kafka Connect's {@code __connect.errors.*}
 * convention in spirit, under Driftwatch's own prefix.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "driftwatch.error.reason";
    public static final String MESSAGE = "driftwatch.error.message";
    public static final String EXCEPTION_CLASS = "driftwatch.error.exception.class";
    public static final String SOURCE_TOPIC = "driftwatch.error.source.topic";
    public static final String SOURCE_PARTITION = "driftwatch.error.source.partition";
    public static final String SOURCE_OFFSET = "driftwatch.error.source.offset";
    /** Size in bytes of the original record (key, value and headers) when the dead letter holds only its start. */
    public static final String ORIGINAL_SIZE = "driftwatch.error.original.size";
    /** The processor that failed on a record ({@code PROCESSING_FAILURE}) or the topic it was written to ({@code OUTPUT_TOO_LARGE}). */
    public static final String STAGE = "driftwatch.error.stage";

    /** Messages longer than this are cut: a dead letter's headers must stay small. */
    static final int MAX_MESSAGE_CHARS = 2_000;

    private DeadLetterHeaders() {
    }

    /** The prefix of every header above. */
    static final String PREFIX = "driftwatch.error.";

    /**
     * Sets the headers of a new rejection. Those of an earlier one go first: a dead letter re-sent with its
     * headers and refused again must not keep an exception, size or stage of the first refusal.
     */
    public static void add(Headers headers, Rejection rejection, String topic, int partition, long offset) {
        java.util.List<String> earlier = new java.util.ArrayList<>();
        headers.forEach(h -> {
            if (h.key().startsWith(PREFIX)) {
                earlier.add(h.key());
            }
        });
        earlier.forEach(headers::remove);
        put(headers, REASON, rejection.reason());
        String message = rejection.message();
        put(headers, MESSAGE, message != null && message.length() > MAX_MESSAGE_CHARS
            ? message.substring(0, MAX_MESSAGE_CHARS) + "…" : message);
        if (rejection.exceptionClass() != null) {
            put(headers, EXCEPTION_CLASS, rejection.exceptionClass());
        }
        put(headers, SOURCE_TOPIC, topic);
        put(headers, SOURCE_PARTITION, Integer.toString(partition));
        put(headers, SOURCE_OFFSET, Long.toString(offset));
    }

    public static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    public static String get(Headers headers, String key) {
        var h = headers.lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
