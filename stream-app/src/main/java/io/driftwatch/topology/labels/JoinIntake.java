package io.driftwatch.topology.labels;

import io.driftwatch.ingest.Ingested;
import io.micrometer.core.instrument.Counter;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Where one input topic's records enter the label join: skips dead letters, projects an accepted event to
 * its {@link JoinInput} facts, keys them by prediction id, and sends them on by the join's layout
 * ({@link JoinRoutes}). In the co-partitioned layout that allows other keys, a record whose key is its
 * prediction id goes to the child named {@link #LOCAL}, to be joined in this task, and any other to the
 * child named {@link #MOVED}, the {@code label-join} topic; in the other layouts every record goes to the
 * only child.
 *
 * <p>One node does what five did (a filter of accepted events, two mappings, a branch on the key and a
 * re-keying map): each was a node visit and a copy of the record for every prediction and outcome.
 *
 * @param <T> the input event: a prediction or an outcome
 */
public final class JoinIntake<T> implements Processor<byte[], Ingested<T>, String, JoinInput> {

    /** The child that takes a record keyed by its prediction id, when records are split by key. */
    public static final String LOCAL = "join-inputs-local";
    /** The child that takes any other record, when records are split by key: the way to the label-join topic. */
    public static final String MOVED = "join-inputs-moved";

    private final Function<T, JoinInput> facts;
    private final Counter rekeyed;
    private ProcessorContext<String, JoinInput> context;

    /**
     * @param facts   what the join needs of an accepted event
     * @param rekeyed counts the records sent to {@link #MOVED}; null to send every record to the only child
     */
    public JoinIntake(Function<T, JoinInput> facts, Counter rekeyed) {
        this.facts = facts;
        this.rekeyed = rekeyed;
    }

    @Override
    public void init(ProcessorContext<String, JoinInput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], Ingested<T>> record) {
        if (!(record.value() instanceof Ingested.Accepted<T> accepted)) {
            return;
        }
        JoinInput input = facts.apply(accepted.event());
        Record<String, JoinInput> keyed = new Record<>(input.predictionId(), input, record.timestamp(), record.headers());
        if (rekeyed == null) {
            context.forward(keyed);
        } else if (PredictionIdKey.matches(record.key(), input.predictionId())) {
            context.forward(keyed, LOCAL);
        } else {
            rekeyed.increment();
            context.forward(keyed, MOVED);
        }
    }
}
