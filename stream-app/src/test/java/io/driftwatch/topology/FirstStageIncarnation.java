package io.driftwatch.topology;

import io.driftwatch.config.DriftwatchConfig.WindowSettings;
import io.driftwatch.ingest.Ingested;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.state.LiveObjectStore;
import io.driftwatch.topology.bus.BusMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * One run of the first-stage processor of one task, on a MockProcessorContext and in-memory stores, from a
 * start on the stores as a commit left them. Exactly-once keeps only what was committed across a restart, a
 * task migration or a crash, so tests model each of those as a new incarnation on {@link #commit()}'s stores.
 */
final class FirstStageIncarnation {

    /** The first stage's stores as of a commit. */
    record Committed(Map<String, byte[]> profiles, Map<String, Long> late, Map<String, Long> watermarks) {
        static final Committed NONE = new Committed(Map.of(), Map.of(), Map.of());
    }

    private static final TopologyStores STORES = TopologyStores.defaults();

    private final TaskId task;
    private final MockProcessorContext<String, BusMessage> context;
    private final KeyValueStore<String, byte[]> profilesBytes = memoryStore(STORES.partialWindows(), Serdes.ByteArray());
    private final LiveObjectStore<WindowProfile> profiles = new LiveObjectStore<>(profilesBytes, new WindowProfileCodec());
    private final KeyValueStore<String, Long> late = memoryStore(STORES.lateEvents(), Serdes.Long());
    private final KeyValueStore<String, Long> watermarks = memoryStore(STORES.partialWatermarks(), Serdes.Long());
    private final PartialProfileProcessor processor;

    /**
     * @param task              the task the processor runs in: its partition is the predictions partition it reads
     * @param wallClock         the wall clock at the start, which the processor's idle timer starts from
     * @param partitionsAtStart the predictions partitions known at the start, 0 when unknown
     */
    FirstStageIncarnation(TaskId task, Committed state, long wallClock, int partitionsAtStart, WindowSettings windows,
                          InputEndOffsets broker) {
        this(task, state, wallClock, partitionsAtStart, windows,
            io.driftwatch.profile.AgreedWindowLayout.of(io.driftwatch.profile.WindowLayout.of(windows.size())), broker);
    }

    /** @param layout the windows to cut, from the history of {@code window.size} (its size, not {@code windows}', counts) */
    FirstStageIncarnation(TaskId task, Committed state, long wallClock, int partitionsAtStart, WindowSettings windows,
                          io.driftwatch.profile.AgreedWindowLayout layout, InputEndOffsets broker) {
        this.task = task;
        this.context = new MockProcessorContext<>(new Properties(), task, null);
        context.setCurrentSystemTimeMs(wallClock);
        profiles.init(context.getStateStoreContext(), profiles);
        late.init(context.getStateStoreContext(), late);
        watermarks.init(context.getStateStoreContext(), watermarks);
        state.profiles().forEach(profilesBytes::put);
        state.late().forEach(late::put);
        state.watermarks().forEach(watermarks::put);
        context.addStateStore(profiles);
        context.addStateStore(late);
        context.addStateStore(watermarks);
        processor = new PartialProfileProcessor(STORES, "predictions", partitionsAtStart, windows,
            layout, ProfileSettings.defaults(), new SimpleMeterRegistry(), broker,
            new ClockLead(java.time.Clock.systemUTC(), 0));
        processor.init(context);
    }

    /** Prediction {@code p<offset>} of version 1 of {@code model}, read at {@code offset} of the task's partition. */
    void process(int offset, String model, long eventTime, long wallClock) {
        context.setCurrentSystemTimeMs(wallClock);
        context.setRecordMetadata("predictions", task.partition(), offset);
        PredictionEvent e = PredictionEvent.newBuilder()
            .setPredictionId("p" + offset).setModelId(model).setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(eventTime))
            .setFeatures(Map.of("x", (double) offset))
            .setPrediction(Prediction.newBuilder().setScore(0.5).build())
            .build();
        processor.process(new Record<>(("p" + offset).getBytes(StandardCharsets.UTF_8), new Ingested.Accepted<>(e), eventTime));
    }

    /** The processor's one wall-clock punctuation. */
    void heartbeat(long wallClock) {
        context.setCurrentSystemTimeMs(wallClock);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(wallClock);
    }

    /** The stores as exactly-once commits them: flushed. */
    Committed commit() {
        profiles.flush();
        return new Committed(contents(profilesBytes), contents(late), contents(watermarks));
    }

    /** What the processor sent since the last call, in order. */
    List<Record<String, BusMessage>> sent() {
        List<Record<String, BusMessage>> sent = context.forwarded().stream()
            .map(f -> new Record<String, BusMessage>(f.record().key(), f.record().value(), f.record().timestamp()))
            .toList();
        context.resetForwards();
        return sent;
    }

    int openWindows() {
        return profiles.keys().size();
    }

    private static <V> KeyValueStore<String, V> memoryStore(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
            .withLoggingDisabled().build();
    }

    private static <V> Map<String, V> contents(KeyValueStore<String, V> store) {
        Map<String, V> copy = new HashMap<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, V> kv = it.next();
                copy.put(kv.key, kv.value);
            }
        }
        return copy;
    }
}
