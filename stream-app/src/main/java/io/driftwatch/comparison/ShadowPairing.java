package io.driftwatch.comparison;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Pairs the predictions of a primary and a shadow version for the same request (keyed
 * model/request_id), whichever arrives first, in a changelogged store. A pair is emitted once;
 * duplicates of either side are absorbed until the horizon; a prediction still without a partner
 * when stream time passes its event time plus the horizon is reported unpaired and forgotten.
 */
public final class ShadowPairing implements Processor<String, ComparisonInput, String, ComparisonInput> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The pending side(s) of one request. */
    record Pending(List<ComparisonInput.Scored> sides, boolean paired, long firstEventTime) {
    }

    private final String storeName;
    private final long horizonMs;
    private final Duration sweepInterval;
    private ProcessorContext<String, ComparisonInput> context;
    private KeyValueStore<String, byte[]> store;

    public ShadowPairing(String storeName, Duration horizon) {
        this.storeName = storeName;
        this.horizonMs = horizon.toMillis();
        this.sweepInterval = horizon.dividedBy(4).isZero() ? Duration.ofSeconds(1) : horizon.dividedBy(4);
    }

    @Override
    public void init(ProcessorContext<String, ComparisonInput> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        context.schedule(sweepInterval, PunctuationType.STREAM_TIME, this::expire);
    }

    @Override
    public void process(Record<String, ComparisonInput> record) {
        if (!(record.value() instanceof ComparisonInput.Scored scored)) {
            return;
        }
        byte[] bytes = store.get(record.key());
        Pending pending = bytes == null ? new Pending(List.of(), false, scored.eventTime()) : decode(bytes);
        for (ComparisonInput.Scored side : pending.sides()) {
            if (side.version().equals(scored.version())) {
                return; // a duplicate: the first prediction of a version for a request is the one paired
            }
        }
        List<ComparisonInput.Scored> sides = new ArrayList<>(pending.sides());
        sides.add(scored);
        boolean paired = pending.paired();
        if (!paired) {
            ComparisonInput.Scored primary = sides.stream().filter(ComparisonInput.Scored::primary).findFirst().orElse(null);
            ComparisonInput.Scored shadow = sides.stream().filter(s -> "shadow".equals(s.role())).findFirst().orElse(null);
            if (primary != null && shadow != null) {
                paired = true;
                context.forward(new Record<>(scored.model(), new ComparisonInput.ShadowPaired(scored.model(),
                    primary.version(), shadow.version(), primary.label(), shadow.label(), primary.score(), shadow.score()),
                    Math.max(primary.eventTime(), shadow.eventTime())));
            }
        }
        store.put(record.key(), encode(new Pending(sides, paired, Math.min(pending.firstEventTime(), scored.eventTime()))));
    }

    private void expire(long streamTime) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Pending p = decode(kv.value);
                if (p.firstEventTime() + horizonMs < streamTime) {
                    expired.add(kv.key);
                    if (!p.paired()) {
                        for (ComparisonInput.Scored side : p.sides()) {
                            if (side.primary() || "shadow".equals(side.role())) {
                                context.forward(new Record<>(side.model(),
                                    new ComparisonInput.ShadowUnpaired(side.model(), side.version(), side.primary()), streamTime));
                            }
                        }
                    }
                }
            }
        }
        expired.forEach(store::delete);
    }

    private static byte[] encode(Pending p) {
        try {
            return JSON.writeValueAsBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pending decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, Pending.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
