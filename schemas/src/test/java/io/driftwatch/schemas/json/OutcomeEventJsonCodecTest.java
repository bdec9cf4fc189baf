package io.driftwatch.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.RandomRecords;
import io.driftwatch.schemas.TestEvents;
import io.driftwatch.schemas.json.JsonShapeException.Problem;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutcomeEventJsonCodecTest {

    private final OutcomeEventJsonCodec codec = new OutcomeEventJsonCodec();

    @Test
    void decodesEveryField() {
        OutcomeEvent event = codec.decode("""
                {"prediction_id": "p-0001", "model_id": "fraud-scorer", "model_version": "3",
                 "event_time": "2026-11-22T11:15:30.250Z", "label": "1", "value": null}""");
        assertThat(event).isEqualTo(TestEvents.outcome());
    }

    @Test
    void optionalFieldsMayBeLeftOutAndRegressionValuesRead() {
        OutcomeEvent event = codec.decode("{\"prediction_id\": \"p\", \"model_id\": \"m\", \"event_time\": 5, \"value\": 2.5}");
        assertThat(event).isEqualTo(new OutcomeEvent("p", "m", null, Instant.ofEpochMilli(5), null, 2.5));
        assertThat(codec.decode("{\"prediction_id\": \"p\", \"model_id\": \"m\", \"event_time\": 5, \"label\": 0}").getLabel())
                .isEqualTo("0");
    }

    @Test
    void roundTripsThroughItsOwnEncoding() {
        RandomRecords random = new RandomRecords(3);
        for (int i = 0; i < 200; i++) {
            OutcomeEvent event = random.specific(OutcomeEvent.class);
            assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
        }
        assertThat(codec.encodeToString(new OutcomeEvent("p", "m", null, Instant.ofEpochMilli(5), "1", null)))
                .isEqualTo("{\"prediction_id\":\"p\",\"model_id\":\"m\",\"event_time\":5,\"label\":\"1\"}");
    }

    @Test
    void namesThePathAndTheProblem() {
        assertThatThrownBy(() -> codec.decode("{\"prediction_id\": \"p\", \"event_time\": 5}"))
                .isInstanceOfSatisfying(JsonShapeException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.MISSING_FIELD);
                    assertThat(e.path()).isEqualTo("$.model_id");
                });
        assertThatThrownBy(() -> codec.decode("{\"prediction_id\": \"p\", \"model_id\": \"m\", \"event_time\": 5, \"value\": \"2\"}"))
                .isInstanceOfSatisfying(JsonShapeException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.WRONG_TYPE);
                    assertThat(e.path()).isEqualTo("$.value");
                });
        assertThatThrownBy(() -> new OutcomeEventJsonCodec(UnknownFieldPolicy.REJECT)
                .decode("{\"prediction_id\": \"p\", \"model_id\": \"m\", \"event_time\": 5, \"lable\": \"1\"}"))
                .isInstanceOfSatisfying(JsonShapeException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_FIELD);
                    assertThat(e.path()).isEqualTo("$.lable");
                });
    }
}
