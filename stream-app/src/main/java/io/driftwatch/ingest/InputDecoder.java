package io.driftwatch.ingest;

import org.apache.kafka.common.header.Headers;

/** Decodes and validates one input record's value, or says why it cannot be accepted. */
@FunctionalInterface
public interface InputDecoder<T> {

    /** Outcome of decoding one record: exactly one of event and rejection is set. */
    record Result<T>(T event, Rejection rejection) {
        public static <T> Result<T> accepted(T event) {
            return new Result<>(event, null);
        }

        public static <T> Result<T> rejected(Rejection rejection) {
            return new Result<>(null, rejection);
        }
    }

    Result<T> decode(String topic, Headers headers, byte[] value);
}
