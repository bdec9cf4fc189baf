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

    private DeadLetterHeaders() {
    }

    static void add(Headers headers, Rejection rejection, String topic, int partition, long offset) {
        put(headers, REASON, rejection.reason());
        put(headers, MESSAGE, rejection.message());
        if (rejection.exceptionClass() != null) {
            put(headers, EXCEPTION_CLASS, rejection.exceptionClass());
        }
        put(headers, SOURCE_TOPIC, topic);
        put(headers, SOURCE_PARTITION, Integer.toString(partition));
        put(headers, SOURCE_OFFSET, Long.toString(offset));
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    public static String get(Headers headers, String key) {
        var h = headers.lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
