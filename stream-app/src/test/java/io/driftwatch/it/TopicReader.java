package io.driftwatch.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning with {@code read_committed} (what exactly-once output promises),
 * keeping everything read, until a condition over all records holds or a deadline passes.
 */
final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls until {@code condition} holds for everything read so far; fails with {@code what} after the timeout. */
    List<ConsumerRecord<byte[], byte[]>> awaitRecords(Predicate<List<ConsumerRecord<byte[], byte[]>>> condition,
                                                      Duration timeout, String what) {
        return awaitRecords(condition, timeout, what, TopicReader::lastValues);
    }

    /** As above; on timeout the failure shows {@code describe} of everything read. */
    List<ConsumerRecord<byte[], byte[]>> awaitRecords(Predicate<List<ConsumerRecord<byte[], byte[]>>> condition,
                                                      Duration timeout, String what,
                                                      java.util.function.Function<List<ConsumerRecord<byte[], byte[]>>, String> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(records)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                    + "; read " + records.size() + " records" + describe.apply(records));
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    private static String lastValues(List<ConsumerRecord<byte[], byte[]>> records) {
        StringBuilder values = new StringBuilder(", the last ones:");
        for (ConsumerRecord<byte[], byte[]> r : records.subList(Math.max(0, records.size() - 20), records.size())) {
            String v = new String(r.value(), java.nio.charset.StandardCharsets.UTF_8);
            values.append("\n  ").append(v, 0, Math.min(300, v.length()));
        }
        return values.toString();
    }

    /** Reads until no new record arrives for {@code quiet}, then returns everything read. */
    List<ConsumerRecord<byte[], byte[]>> drain(Duration quiet) {
        long lastNew = System.nanoTime();
        while (System.nanoTime() - lastNew < quiet.toNanos()) {
            int before = records.size();
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            if (records.size() > before) {
                lastNew = System.nanoTime();
            }
        }
        return List.copyOf(records);
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        var h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    static Map<String, Object> producerProps(String bootstrap) {
        return Map.of("bootstrap.servers", bootstrap, "acks", "all", "enable.idempotence", "true", "linger.ms", "5");
    }

    @Override
    public void close() {
        consumer.close();
    }
}
