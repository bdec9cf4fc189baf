package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The serializers of {@code generate} and {@code demo} take every registry setting given, not only its URL. */
class EventSerializersTest {

    private static final PredictionEvent EVENT = PredictionEvent.newBuilder()
        .setPredictionId("p1").setModelId("m").setModelVersion("1").setEventTime(Instant.parse("2026-12-05T00:00:00Z"))
        .setFeatures(Map.of("x", 1.0)).setPrediction(Prediction.newBuilder().setScore(0.3).build()).build();

    @Test
    void theRegistrySettingsReachTheSerializer() {
        // Without auto-registration a schema the registry does not know cannot be written: the setting was read.
        var strict = EventSerializers.predictions(Map.of("schema.registry.url", "mock://event-serializers-test-strict",
            "auto.register.schemas", "false"), Set.of());
        assertThatThrownBy(() -> strict.serialize("predictions", EVENT)).hasMessageContaining("auto.register.schemas");

        var registering = EventSerializers.predictions(Map.of("schema.registry.url", "mock://event-serializers-test"), Set.of());
        assertThat(registering.serialize("predictions", EVENT)[0]).as("the wire format's magic byte").isZero();
        assertThat(EventSerializers.predictions(Map.of(), Set.of()).serialize("predictions", EVENT)[0])
            .as("JSON without a registry").isEqualTo((byte) '{');
    }
}
