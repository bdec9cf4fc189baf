package io.driftwatch.bench.throughput;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.registry.SchemaRegistryClient;
import io.driftwatch.schemas.serde.SpecificAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The physical-limit proxy: consumers that only read an input topic from the beginning and
 * decode every record from the registry wire format into a {@link PredictionEvent} (or an {@link OutcomeEvent}), with nothing
 * else to do. They decode with Avro's own reader, through the project's Kafka deserializer, as any consumer of the
 * topics would: the monitor's decoder reads the current prediction schema with its own reader (issue #14, lever 4),
 * and the limit must not move with it. They fetch as Kafka Streams' consumers do ({@code read_committed}, 1000 records per
 * poll), one consumer per stream thread the monitor runs, partitions split between them.
 */
public final class BareDecode {

    /** Records read and decoded, in how long, the broker's and this JVM's CPU meanwhile, and when each consumer was done. */
    public record Result(long records, int consumers, Duration took, Duration brokerCpu, Duration appCpu,
                         List<Duration> consumerTimes) {
        public double brokerCores() {
            return brokerCpu.toNanos() / (double) took.toNanos();
        }

        /** CPU of this JVM (the consumers, and whatever else ran in it) while they read. */
        public double appCores() {
            return appCpu.toNanos() / (double) took.toNanos();
        }

        /** CPU of this JVM and of the broker per record read, in microseconds. */
        public double cpuMicrosPerRecord() {
            return (appCpu.toNanos() + brokerCpu.toNanos()) / 1e3 / records;
        }

        public double perSecond() {
            return records / (took.toNanos() / 1e9);
        }
    }

    private BareDecode() {
    }

    /** Reads and decodes {@code topic}'s predictions. */
    public static Result run(String bootstrapServers, String topic, String registryUrl, int consumers,
                             java.util.function.Supplier<Duration> brokerCpu) throws InterruptedException {
        // Use the result, so that the decoding cannot be optimised away.
        return run(bootstrapServers, topic, registryUrl, consumers, brokerCpu, registry -> {
            SpecificAvroDeserializer<PredictionEvent> decoder = new SpecificAvroDeserializer<>(PredictionEvent.class, registry);
            decoder.configure(Map.of(), false);
            return value -> decoder.deserialize(topic, value).getFeatures().size();
        });
    }

    /** Reads and decodes {@code topic}'s outcomes (the second half of the bare-decode limit with labels). */
    public static Result runOutcomes(String bootstrapServers, String topic, String registryUrl, int consumers,
                                     java.util.function.Supplier<Duration> brokerCpu) throws InterruptedException {
        return run(bootstrapServers, topic, registryUrl, consumers, brokerCpu, registry -> {
            SpecificAvroDeserializer<OutcomeEvent> decoder = new SpecificAvroDeserializer<>(OutcomeEvent.class, registry);
            decoder.configure(Map.of(), false);
            return value -> decoder.deserialize(topic, value).getPredictionId().length();
        });
    }

    private static Result run(String bootstrapServers, String topic, String registryUrl, int consumers,
                              java.util.function.Supplier<Duration> brokerCpu,
                              java.util.function.Function<SchemaRegistryClient, java.util.function.ToIntFunction<byte[]>> decoding)
        throws InterruptedException {
        try (SchemaRegistryClient registry = SchemaRegistryClient.fromConfigs(Map.of("schema.registry.url", registryUrl))) {
            return run(bootstrapServers, topic, consumers, brokerCpu, decoding.apply(registry));
        }
    }

    private static Result run(String bootstrapServers, String topic, int consumers, java.util.function.Supplier<Duration> brokerCpu,
                              java.util.function.ToIntFunction<byte[]> decodeAndUse) throws InterruptedException {
        List<TopicPartition> partitions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> meta = consumer(bootstrapServers)) {
            for (PartitionInfo p : meta.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        AtomicLong decoded = new AtomicLong();
        AtomicLong checksum = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        List<KafkaConsumer<byte[], byte[]>> clients = new ArrayList<>();
        List<Map<TopicPartition, Long>> ends = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            List<TopicPartition> mine = new ArrayList<>();
            for (int i = c; i < partitions.size(); i += consumers) {
                mine.add(partitions.get(i));
            }
            KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers);
            consumer.assign(mine);
            consumer.seekToBeginning(mine);
            clients.add(consumer);
            ends.add(new HashMap<>(consumer.endOffsets(mine)));
        }
        Duration brokerBefore = brokerCpu.get();
        ProcessCpu appBefore = ProcessCpu.now();
        long began = System.nanoTime();
        long[] finished = new long[consumers];
        for (int c = 0; c < consumers; c++) {
            KafkaConsumer<byte[], byte[]> consumer = clients.get(c);
            Map<TopicPartition, Long> end = ends.get(c);
            int index = c;
            Thread t = new Thread(() -> {
                try {
                    while (!end.isEmpty()) {
                        long local = 0;
                        int count = 0;
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            local += decodeAndUse.applyAsInt(r.value());
                            count++;
                        }
                        // Once per poll: a shared counter per record made the two consumers' cores pass its cache line back and forth.
                        decoded.addAndGet(count);
                        checksum.addAndGet(local);
                        end.entrySet().removeIf(p -> consumer.position(p.getKey()) >= p.getValue());
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
                finished[index] = System.nanoTime();
            }, "bare-decode-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        Duration brokerUsed = brokerCpu.get().minus(brokerBefore);
        Duration appUsed = ProcessCpu.now().since(appBefore).cpu();
        List<Duration> consumerTimes = new ArrayList<>();
        for (long end : finished) {
            consumerTimes.add(Duration.ofNanos(end - began));
        }
        clients.forEach(KafkaConsumer::close);
        if (failure.get() != null) {
            throw new IllegalStateException("Bare decoding failed: " + failure.get(), failure.get());
        }
        if (checksum.get() == 0) {
            throw new IllegalStateException("Decoded events were all empty");
        }
        return new Result(decoded.get(), consumers, took, brokerUsed, appUsed, consumerTimes);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
