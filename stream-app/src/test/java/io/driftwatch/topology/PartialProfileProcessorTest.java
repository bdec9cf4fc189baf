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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * What the first stage has counted must be in its stores, not only in memory: after a crash, Kafka
 * Streams restores the stores as of the last commit and replays only what came after it, so a count
 * kept in memory across a commit is lost (its events neither profiled nor counted late).
 */
class PartialProfileProcessorTest {

    private static final String STORE = "partial-windows";
    private static final String LATE = "partial-late-events";

    @Test
    void aLateCountSurvivesACrashAfterTheCommitThatConsumedItsEvents() {
        MockProcessorContext<String, BusMessage> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(16_000);
        LiveObjectStore<WindowProfile> store = new LiveObjectStoreBuilder<>(STORE, false, new WindowProfileCodec())
            .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, Long> late = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LATE),
            Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        late.init(context.getStateStoreContext(), late);
        context.addStateStore(late);

        PartialProfileProcessor before = processor();
        before.init(context);
        context.setRecordMetadata("predictions", 0, 0);
        before.process(event("a", 1_000));
        context.setRecordMetadata("predictions", 0, 1);
        before.process(event("b", 15_000)); // closes [0, 10 s)
        assertThat(forwarded(context, BusMessage.PartialWindow.class)).hasSize(1);
        context.setRecordMetadata("predictions", 0, 2);
        before.process(event("c", 2_000)); // late: counted now, sent at the next close or heartbeat
        assertThat(forwarded(context, BusMessage.LateEvents.class)).isEmpty();
        context.resetForwards();

        // Committed here, then killed before the heartbeat: a new instance starts on the same stores.
        PartialProfileProcessor after = processor();
        after.init(context);
        List<MockProcessorContext.CapturedPunctuator> punctuators = context.scheduledPunctuators();
        punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(20_000);
        punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(20_200);

        assertThat(forwarded(context, BusMessage.LateEvents.class)).as("the late event, counted once")
            .containsExactly(new BusMessage.LateEvents("predictions-0", "m", "1", 1));
    }

    private static PartialProfileProcessor processor() {
        return new PartialProfileProcessor(STORE, LATE, "predictions",
            new WindowSettings(Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(200),
                Duration.ofMinutes(5)),
            ProfileSettings.defaults(), new SimpleMeterRegistry(), InputEndOffsets.alwaysCaughtUp());
    }
    private static <T extends BusMessage> List<T> forwarded(MockProcessorContext<String, BusMessage> context, Class<T> type) {
        return context.forwarded().stream().map(f -> f.record().value()).filter(type::isInstance).map(type::cast).toList();
    }

    private static Record<byte[], Ingested<PredictionEvent>> event(String id, long eventTime) {
        PredictionEvent e = PredictionEvent.newBuilder()
            .setPredictionId(id).setModelId("m").setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(eventTime))
            .setFeatures(Map.of("x", 1.0))
            .setPrediction(Prediction.newBuilder().setScore(0.5).build())
            .build();
        return new Record<>(id.getBytes(java.nio.charset.StandardCharsets.UTF_8), new Ingested.Accepted<>(e), eventTime);
    }
}
