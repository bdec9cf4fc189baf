package io.driftwatch.bench.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Everything committed to a topic, read from the beginning with {@code read_committed}, as a consumer of Driftwatch's output sees it. */
final class TopicContents implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    TopicContents(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "group.id", "fault-bench-" + UUID.randomUUID(),
            "auto.offset.reset", "earliest", "isolation.level", "read_committed", "enable.auto.commit", "false"),
            new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Reads until {@code done} holds for everything read, or the timeout; returns what was read. */
    List<ConsumerRecord<byte[], byte[]>> readUntil(Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    /** Reads until nothing new arrives for {@code quiet}. */
    List<ConsumerRecord<byte[], byte[]>> readUntilQuiet(Duration quiet) {
        long lastNew = System.nanoTime();
        while (System.nanoTime() - lastNew < quiet.toNanos()) {
            int before = records.size();
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            if (records.size() > before) {
                lastNew = System.nanoTime();
            }
        }
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
