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
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams revives a task after an aborted transaction by calling {@code init} again on the
 * same processor, and replays its input from the last commit. Nothing the first stage counted in
 * memory since that commit may survive the revive, or the replay counts it a second time.
 */
class PartialProfileProcessorTest {

    private static final String STORE = "partial-windows";

    @Test
    void aRevivedTaskForgetsWhatItCountedSinceItsLastCommit() {
        MockProcessorContext<String, BusMessage> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(16_000);
        LiveObjectStore<WindowProfile> store = new LiveObjectStoreBuilder<>(STORE, false, new WindowProfileCodec())
            .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        PartialProfileProcessor partial = new PartialProfileProcessor(STORE, "predictions",
            new WindowSettings(Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(200),
                Duration.ofMinutes(5)),
            ProfileSettings.defaults(), new SimpleMeterRegistry(), InputEndOffsets.alwaysCaughtUp());
        partial.init(context);

        context.setRecordMetadata("predictions", 0, 0);
        partial.process(event("a", 1_000));
        context.setRecordMetadata("predictions", 0, 1);
        partial.process(event("b", 15_000)); // closes [0, 10 s)
        assertThat(forwarded(context, BusMessage.PartialWindow.class)).hasSize(1);
        context.setRecordMetadata("predictions", 0, 2);
        partial.process(event("c", 2_000)); // late: counted, sent with the next watermark
        context.resetForwards();

        partial.close();
        partial.init(context);
        List<MockProcessorContext.CapturedPunctuator> punctuators = context.scheduledPunctuators();
        punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(20_000);

        assertThat(forwarded(context, BusMessage.LateEvents.class))
            .as("a late count from before the revive; the replay counts the event again").isEmpty();
        assertThat(forwarded(context, BusMessage.Watermark.class)).isNotEmpty();
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
