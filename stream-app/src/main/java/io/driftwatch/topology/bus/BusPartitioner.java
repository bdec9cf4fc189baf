package io.driftwatch.topology.bus;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends watermarks to every partition of the model bus and everything else to its model's
 * partition (murmur2 of the key, as Kafka's default partitioner does).
 */
public final class BusPartitioner implements StreamPartitioner<String, BusMessage> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, BusMessage value, int numPartitions) {
        if (value instanceof BusMessage.Watermark) {
            Set<Integer> all = new HashSet<>(numPartitions * 2);
            for (int p = 0; p < numPartitions; p++) {
                all.add(p);
            }
            return Optional.of(all);
        }
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(keyBytes)) % numPartitions));
    }
}
