package io.driftwatch.connect;

import java.time.Instant;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Names one alert transition for its receiver, the same on every attempt to deliver it: retries within a task, and
 * redeliveries after a task died between a POST and its offset commit. Sent as the {@code Idempotency-Key} header of the
 * IETF HTTP API working group's draft ({@code draft-ietf-httpapi-idempotency-key-header}), a Structured Field string, so a
 * receiver that keeps the keys it has processed can drop a repeated transition.
 *
 * <p>The transition's place in Kafka names it: Driftwatch writes each transition once (exactly-once, and the sinks read
 * committed records only), so topic, partition and offset are unique to it and do not change when it is read again. The
 * time Driftwatch emitted it is added, when the record has one, because offsets start again at 0 in a topic that was
 * deleted and created again (a test stack reset): a receiver that remembers the old keys would drop new transitions.
 *
 * @param topic     topic of the record
 * @param partition partition of the record
 * @param offset    offset of the record
 * @param emittedAt when Driftwatch emitted the transition; {@code null} if the record does not say
 */
record IdempotencyKey(String topic, int partition, long offset, Instant emittedAt) {

    static final String HEADER = "Idempotency-Key";

    static IdempotencyKey of(SinkRecord record, AlertTransition alert) {
        return new IdempotencyKey(record.topic(), record.kafkaPartition(), record.kafkaOffset(), alert.emittedAt());
    }

    /**
     * {@code "alerts-0-42-1764961234567"} (topic, partition, offset, emitted at in epoch milliseconds), or without the last
     * part: a Structured Field string, quoted. Kafka topic names need no escaping in one.
     */
    String headerValue() {
        String place = topic + "-" + partition + "-" + offset;
        return "\"" + (emittedAt == null ? place : place + "-" + emittedAt.toEpochMilli()) + "\"";
    }
}
