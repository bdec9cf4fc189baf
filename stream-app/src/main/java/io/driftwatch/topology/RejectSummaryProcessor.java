package io.driftwatch.topology;

import io.driftwatch.ingest.DeadLetterHeaders;
import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.state.LiveObjectStore;
import io.driftwatch.state.ObjectCodec;
import io.driftwatch.topology.bus.BusMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Counts dead letters per window of wall-clock time (a rejected record may carry no usable event
 * time) by source topic and reason, and sends each finished window's counts to the system audit
 * chain. The counts wait in a store flushed before each commit, so none is lost or sent twice. The windows are
 * the event windows' layout read on the wall clock: its change points are wall-clock times too, so after a change of
 * {@code window.size} a window open at the change keeps the end it was opened with and none overlaps another.
 */
final class RejectSummaryProcessor implements Processor<byte[], byte[], String, BusMessage> {

    private final String storeName;
    private final AgreedWindowLayout windows;
    private final Duration interval;
    private ProcessorContext<String, BusMessage> context;
    private LiveObjectStore<Counts> store;
    private String source;

    RejectSummaryProcessor(String storeName, AgreedWindowLayout windows, Duration interval) {
        this.storeName = storeName;
        this.windows = windows;
        this.interval = interval;
    }

    /** Counts of one window by {@code topic/reason}. */
    static final class Counts {
        final TreeMap<String, Long> byReason = new TreeMap<>();
    }

    static final ObjectCodec<Counts> CODEC = new ObjectCodec<>() {
        @Override
        public byte[] encode(Counts c) {
            int size = 4;
            for (String k : c.byReason.keySet()) {
                size += 4 + k.getBytes(StandardCharsets.UTF_8).length + 8;
            }
            ByteBuffer b = ByteBuffer.allocate(size).putInt(c.byReason.size());
            c.byReason.forEach((k, v) -> {
                byte[] kb = k.getBytes(StandardCharsets.UTF_8);
                b.putInt(kb.length).put(kb).putLong(v);
            });
            return b.array();
        }

        @Override
        public Counts decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            Counts c = new Counts();
            int n = b.getInt();
            for (int i = 0; i < n; i++) {
                byte[] kb = new byte[b.getInt()];
                b.get(kb);
                c.byReason.put(new String(kb, StandardCharsets.UTF_8), b.getLong());
            }
            return c;
        }
    };

    @Override
    public void init(ProcessorContext<String, BusMessage> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.source = "dead-letters-" + context.taskId().partition();
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::flushFinished);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long now = context.currentSystemTimeMs();
        long windowStart = windows.current().startOf(now);
        String key = DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.SOURCE_TOPIC) + "/"
            + DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.REASON);
        store.getForUpdate(Long.toString(windowStart), Counts::new).byReason.merge(key, 1L, Long::sum);
    }

    private void flushFinished(long now) {
        for (String k : store.keys()) {
            long start = Long.parseLong(k);
            long end = windows.current().endOf(start);
            if (end <= now) {
                Map<String, Long> counts = new TreeMap<>(store.get(k).byReason);
                context.forward(new Record<>(AuditTrail.SYSTEM_CHAIN,
                    new BusMessage.RejectSummary(source, start, end, counts), now));
                store.delete(k);
            }
        }
    }
}
