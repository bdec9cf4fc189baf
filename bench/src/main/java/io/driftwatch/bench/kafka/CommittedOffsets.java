package io.driftwatch.bench.kafka;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a consumer group's committed offsets: with exactly-once, Kafka Streams commits input offsets
 * in the same transaction as the outputs and state changes they caused, so the committed offset of
 * an input topic counts the events whose processing is durable.
 */
public final class CommittedOffsets implements AutoCloseable {

    private final Admin admin;
    private final String group;

    public CommittedOffsets(String bootstrapServers, String group) {
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
        this.group = group;
    }

    /** Sum of the group's committed offsets over every partition of {@code topic} (0 before any commit). */
    public long committed(String topic) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
            long sum = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                    sum += e.getValue().offset();
                }
            }
            return sum;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the committed offsets of group " + group + ": " + e.getCause(), e.getCause());
        }
    }

    /** Sum of the latest offsets over every partition of {@code topic}. */
    public long end(String topic) throws InterruptedException {
        try {
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new java.util.HashMap<>();
            partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()),
                org.apache.kafka.clients.admin.OffsetSpec.latest()));
            long sum = 0;
            for (var info : admin.listOffsets(request).all().get().values()) {
                sum += info.offset();
            }
            return sum;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the end offsets of " + topic + ": " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
