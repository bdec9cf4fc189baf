package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig.WindowSettings;
import io.driftwatch.ingest.Ingested;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.state.LiveObjectStore;
import io.driftwatch.state.LiveObjectStoreBuilder;
import io.driftwatch.topology.bus.BusMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The merge stage sees the first stage's partials and watermarks only once its transaction commits,
 * so the first stage asks for a commit when its watermark passes a window's end plus grace: a report
 * then waits for no commit interval. It does not ask on every heartbeat, or the interval would mean
 * nothing, nor while it replays a backlog ({@link CommitOnClose}).
 */
class PartialProfileProcessorTest {

    private static final TopologyStores STORES = TopologyStores.defaults();

    @Test
    void asksForACommitWhenTheWatermarkPassesAWindowsEndPlusGrace() {
        MockProcessorContext<String, BusMessage> context = new MockProcessorContext<>();
        PartialProfileProcessor partial = started(context, new SimpleMeterRegistry());
        MockProcessorContext.CapturedPunctuator heartbeat = context.scheduledPunctuators().get(0);

        process(context, partial, 0, 300);
        heartbeat.getPunctuator().punctuate(350); // the first watermark this task sends
        assertThat(context.committed()).isTrue();
        context.resetCommit();

        process(context, partial, 1, 900);
        heartbeat.getPunctuator().punctuate(950);
        heartbeat.getPunctuator().punctuate(1_050);
        assertThat(context.committed()).as("heartbeats inside a window").isFalse();

        process(context, partial, 2, 1_250); // past [0, 1 s) + 200 ms grace: the window closes
        assertThat(context.forwarded()).extracting(f -> f.record().value())
            .hasAtLeastOneElementOfType(BusMessage.PartialWindow.class);
        assertThat(context.committed()).as("the watermark passed the window's end plus grace").isTrue();
    }

    /**
     * Replaying a backlog closes windows many times a second; a commit for each would be a transaction for an
     * alert that is late already, so a window closing more than a window length after its close time waits for
     * the interval. Once the replay catches up to within a window length, closes commit again.
     */
    @Test
    void aReplayOfABacklogWaitsForTheCommitInterval() {
        MockProcessorContext<String, BusMessage> context = new MockProcessorContext<>();
        PartialProfileProcessor partial = started(context, new SimpleMeterRegistry());
        long behind = 60_000;
        process(context, partial, 0, 300, behind);
        context.resetCommit();

        process(context, partial, 1, 1_250, behind); // [0, 1 s) closes a minute late by the wall clock
        assertThat(context.forwarded()).extracting(f -> f.record().value())
            .hasAtLeastOneElementOfType(BusMessage.PartialWindow.class);
        assertThat(context.committed()).as("a window closed a minute after its end plus grace").isFalse();

        process(context, partial, 2, 2_250, 1_001); // [1 s, 2 s) closes 1,051 ms late: still a replay
        assertThat(context.committed()).as("more than a window length late").isFalse();

        process(context, partial, 3, 3_250, 900); // [2 s, 3 s) closes 950 ms late: within a window length
        assertThat(context.committed()).as("less than a window length late").isTrue();
    }

    /** The pipeline lag is a sample: the first prediction, every 16th after it, and any a second after the last. */
    @Test
    void recordsThePipelineLagOfASample() {
        MockProcessorContext<String, BusMessage> context = new MockProcessorContext<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PartialProfileProcessor partial = started(context, registry);
        io.micrometer.core.instrument.Timer lag = registry.get("driftwatch_pipeline_lag").timer();
        int every = PartialProfileProcessor.LAG_SAMPLE_EVERY;
        for (int i = 0; i < 3 * every; i++) {
            process(context, partial, i, 100 + i); // 3 × 16 events within 50 ms
        }
        assertThat(lag.count()).isEqualTo(3);
        process(context, partial, 3 * every, 100 + 3 * every);
        assertThat(lag.count()).as("the 49th of 49").isEqualTo(4);
        process(context, partial, 3 * every + 1, 100 + 3 * every + 1_000);
        assertThat(lag.count()).as("a second after the last one recorded").isEqualTo(5);
    }

    private static PartialProfileProcessor started(MockProcessorContext<String, BusMessage> context,
                                                   SimpleMeterRegistry registry) {
        context.setCurrentSystemTimeMs(100);
        LiveObjectStore<WindowProfile> store = new LiveObjectStoreBuilder<>(STORES.partialWindows(), false,
            new WindowProfileCodec()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        for (String name : new String[] {STORES.lateEvents(), STORES.partialWatermarks()}) {
            KeyValueStore<String, Long> counts = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
            counts.init(context.getStateStoreContext(), counts);
            context.addStateStore(counts);
        }
        PartialProfileProcessor partial = new PartialProfileProcessor(STORES, "predictions", 1,
            new WindowSettings(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMillis(100),
                Duration.ofMinutes(5), Duration.ZERO, WindowSettings.DEFAULT_MEMORY_MAX_BYTES),
            io.driftwatch.profile.AgreedWindowLayout.of(io.driftwatch.profile.WindowLayout.of(Duration.ofSeconds(1))),
            ProfileSettings.defaults(), registry, InputEndOffsets.alwaysCaughtUp(),
            new ClockLead(java.time.Clock.systemUTC(), 0));
        partial.init(context);
        return partial;
    }

    private static void process(MockProcessorContext<String, BusMessage> context, PartialProfileProcessor partial,
                                int offset, long time) {
        process(context, partial, offset, time, 0);
    }

    /** Processes an event stamped {@code time} that arrives {@code late} milliseconds after it by the wall clock. */
    private static void process(MockProcessorContext<String, BusMessage> context, PartialProfileProcessor partial,
                                int offset, long time, long late) {
        context.setCurrentSystemTimeMs(time + late);
        context.setRecordMetadata("predictions", 0, offset);
        PredictionEvent e = PredictionEvent.newBuilder()
            .setPredictionId("p" + offset).setModelId("m").setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(time))
            .setFeatures(Map.of("x", 1.0))
            .setPrediction(Prediction.newBuilder().setScore(0.5).build())
            .build();
        partial.process(new Record<>(("p" + offset).getBytes(StandardCharsets.UTF_8), new Ingested.Accepted<>(e), time));
    }
}
