package io.driftwatch.connect;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The records of the batch in hand that a task has already dealt with (delivered, or reported as
 * errant). After a {@code RetriableException} Kafka Connect hands the same batch to {@code put}
 * again; skipping these keeps a receiver or the dead letter topic from getting them twice.
 */
final class BatchProgress {

    /** Where a record is; identifies it across redeliveries of the same batch. */
    private record Position(TopicPartition partition, long offset) {
        static Position of(SinkRecord record) {
            return new Position(new TopicPartition(record.topic(), record.kafkaPartition()), record.kafkaOffset());
        }
    }

    private final Set<Position> done = new HashSet<>();

    boolean isDone(SinkRecord record) {
        return done.contains(Position.of(record));
    }

    void done(SinkRecord record) {
        done.add(Position.of(record));
    }

    /** {@code put} returned normally: Connect will not hand these records again. */
    void batchCompleted() {
        done.clear();
    }
}
