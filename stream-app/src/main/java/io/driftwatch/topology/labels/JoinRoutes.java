package io.driftwatch.topology.labels;

import io.driftwatch.ingest.Ingested;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
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

    /**
     * Attaches the join's {@link JoinIntake} to one ingested input. Attach it before any other reader of that
     * input that must see each event after the join has.
     *
     * @param facts what the join needs of an accepted event
     * @param name  the input's name in node names ("predictions", "outcomes")
     */
    public static <T> KStream<String, JoinInput> intake(KStream<byte[], Ingested<T>> ingested, Function<T, JoinInput> facts,
                                                        JoinLayoutDecision layout, MeterRegistry metrics, String name) {
        Counter rekeyed = splitsByKey(layout) ? Counter.builder("driftwatch_label_join_rekeyed")
            .description("Predictions and outcomes not keyed by their prediction id, re-keyed through the label-join topic"
                + " although the input topics are co-partitioned")
            .register(metrics) : null;
        return ingested.process(() -> new JoinIntake<>(facts, rekeyed), Named.as(name + "-join-intake"));
    }

    /** Brings the two intakes' records to the task that joins their prediction id. */
    public static KStream<String, JoinInput> route(KStream<String, JoinInput> predictions, KStream<String, JoinInput> outcomes,
                                                   JoinLayoutDecision layout) {
        Repartitioned<String, JoinInput> topic = Repartitioned.<String, JoinInput>as(REPARTITION_TOPIC)
            .withKeySerde(Serdes.String()).withValueSerde(new JoinInputSerde());
        if (!splitsByKey(layout)) {
            KStream<String, JoinInput> inputs = predictions.merge(outcomes, Named.as("join-inputs"));
            return layout.coPartitioned() ? inputs : inputs.repartition(topic);
        }
        // The intakes send each record to one of these two by name.
        KStream<String, JoinInput> local = predictions.merge(outcomes, Named.as(JoinIntake.LOCAL));
        KStream<String, JoinInput> moved = predictions.merge(outcomes, Named.as(JoinIntake.MOVED))
            .repartition(topic.withNumberOfPartitions(layout.partitions()));
        return local.merge(moved, Named.as("join-inputs-co-partitioned"));
    }

    /** Whether records are joined where they arrive when keyed by their prediction id, and re-keyed otherwise. */
    private static boolean splitsByKey(JoinLayoutDecision layout) {
        return layout.coPartitioned() && !layout.refusesOtherKeys();
    }
}
