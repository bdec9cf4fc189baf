package io.driftwatch.topology.labels;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Brings every prediction and outcome to the task that joins its prediction id, by the layout decided at
 * start-up. Co-partitioned, a record whose key is its prediction id is already there (its producer put it
 * on the partition of that key, as its partner's); any other record is re-keyed through the
 * {@code label-join} topic, which has as many partitions as the inputs, so the default partitioner sends
 * it to the same partition number. Strict co-partitioned, ingest has already refused any other record
 * ({@link PredictionIdKey}), so there is no {@code label-join} topic: the task reads only the two inputs, and
 * never waits on a third partition that is empty whenever producers key as asked. Repartitioned, every
 * record takes the {@code label-join} topic.
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
        if (!layout.coPartitioned()) {
            return inputs.map(JoinRoutes::byPredictionId, Named.as("join-key-all")).repartition(topic);
        }
        if (layout.refusesOtherKeys()) {
            return inputs.map(JoinRoutes::byPredictionId, Named.as("join-key-local"));
        }
        Counter rekeyed = Counter.builder("driftwatch_label_join_rekeyed")
            .description("Predictions and outcomes not keyed by their prediction id, re-keyed through the label-join topic"
                + " although the input topics are co-partitioned")
            .register(metrics);
        // One key check per record, and each record goes on to one branch only.
        Map<String, KStream<byte[], JoinInput>> byKey = inputs.split(Named.as("join-keyed-"))
            .branch((k, v) -> PredictionIdKey.matches(k, v.predictionId()), Branched.as("by-id"))
            .defaultBranch(Branched.as("otherwise"));
        KStream<String, JoinInput> local = byKey.get("join-keyed-by-id")
            .map(JoinRoutes::byPredictionId, Named.as("join-key-local"));
        KStream<String, JoinInput> moved = byKey.get("join-keyed-otherwise")
            .map((k, v) -> {
                rekeyed.increment();
                return byPredictionId(k, v);
            }, Named.as("join-key-moved"))
            .repartition(topic.withNumberOfPartitions(layout.partitions()));
        return local.merge(moved, Named.as("join-inputs-co-partitioned"));
    }

    private static KeyValue<String, JoinInput> byPredictionId(byte[] key, JoinInput input) {
        return KeyValue.pair(input.predictionId(), input);
    }
}
