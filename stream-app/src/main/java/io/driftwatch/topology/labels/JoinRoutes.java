package io.driftwatch.topology.labels;

import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Brings every prediction and outcome to the task that joins its prediction id, by the layout decided at
 * start-up. Co-partitioned, a record whose key is its prediction id is already there (its producer put it
 * on the partition of that key, as its partner's); any other record is re-keyed through the
 * {@code label-join} topic, which has as many partitions as the inputs, so the default partitioner sends
 * it to the same partition number. Repartitioned, every record takes that path.
 */
public final class JoinRoutes {

    /** The repartition topic's name (Kafka Streams adds the application id and "-repartition"). */
    public static final String REPARTITION_TOPIC = "label-join";

    private JoinRoutes() {
    }

    public static KStream<String, JoinInput> route(KStream<byte[], JoinInput> inputs, JoinLayoutDecision layout,
                                                   MeterRegistry metrics) {
        Repartitioned<String, JoinInput> topic = Repartitioned.<String, JoinInput>as(REPARTITION_TOPIC)
            .withKeySerde(Serdes.String()).withValueSerde(new JoinInputSerde());
        if (layout.layout() != JoinLayout.CO_PARTITIONED) {
            return inputs.map((k, v) -> KeyValue.pair(v.predictionId(), v), Named.as("join-key-all"))
                .repartition(topic);
        }
        Counter rekeyed = Counter.builder("driftwatch_label_join_rekeyed")
            .description("Predictions and outcomes not keyed by their prediction id, re-keyed through the label-join topic"
                + " although the input topics are co-partitioned")
            .register(metrics);
        KStream<String, JoinInput> local = inputs
            .filter((k, v) -> keyedByPredictionId(k, v.predictionId()), Named.as("join-keyed-by-id"))
            .map((k, v) -> KeyValue.pair(v.predictionId(), v), Named.as("join-key-local"));
        KStream<String, JoinInput> moved = inputs
            .filterNot((k, v) -> keyedByPredictionId(k, v.predictionId()), Named.as("join-keyed-otherwise"))
            .map((k, v) -> {
                rekeyed.increment();
                return KeyValue.pair(v.predictionId(), v);
            }, Named.as("join-key-moved"))
            .repartition(topic.withNumberOfPartitions(layout.partitions()));
        return local.merge(moved, Named.as("join-inputs-co-partitioned"));
    }

    /**
     * Whether the record's key is the UTF-8 bytes of its prediction id, as a string serializer writes it
     * (and so whether the default partitioner put it on the prediction id's partition).
     */
    static boolean keyedByPredictionId(byte[] key, String predictionId) {
        if (key == null || key.length < predictionId.length()) {
            return false;
        }
        if (key.length == predictionId.length()) {
            // The common case, ASCII ids: compare without encoding the id.
            for (int i = 0; i < key.length; i++) {
                char c = predictionId.charAt(i);
                if (c >= 0x80) {
                    return java.util.Arrays.equals(key, predictionId.getBytes(StandardCharsets.UTF_8));
                }
                if (key[i] != (byte) c) {
                    return false;
                }
            }
            return true;
        }
        return java.util.Arrays.equals(key, predictionId.getBytes(StandardCharsets.UTF_8));
    }
}
