package io.driftwatch.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.RandomRecords;
import io.driftwatch.schemas.TestEvents;
import io.driftwatch.schemas.json.JsonShapeException.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PredictionEventJsonCodecTest {

    private final PredictionEventJsonCodec codec = new PredictionEventJsonCodec();

    private static final String FULL = """
            {
              "prediction_id": "p-0001",
              "model_id": "fraud-scorer",
              "model_version": "3",
              "event_time": "2026-11-22T10:15:30.250Z",
              "features": {"amount": 129.95, "country": "DE", "new_customer": true, "age": null},
              "prediction": {"label": "1", "score": 0.93, "probabilities": {"0": 0.07, "1": 0.93}, "value": null},
              "latency_ms": 4.25,
              "error": false,
              "error_message": null,
              "segments": {"region": "eu-west", "tenant": "acme"}
            }""";

    private static final String MINIMAL = """
            {"prediction_id": "p", "model_id": "m", "model_version": "v", "event_time": 1764151200000,
             "features": {}, "prediction": {}}""";

    @Test
    void decodesEveryField() {
        assertThat(codec.decode(FULL)).isEqualTo(TestEvents.prediction());
    }

    @Test
    void fieldsWithSchemaDefaultsMayBeLeftOut() {
        PredictionEvent event = codec.decode(MINIMAL);
        assertThat(event.getEventTime()).isEqualTo(Instant.ofEpochMilli(1764151200000L));
        assertThat(event.getFeatures()).isEmpty();
        assertThat(event.getPrediction()).isEqualTo(new Prediction(null, null, null, null));
        assertThat(event.getLatencyMs()).isNull();
        assertThat(event.getError()).isFalse();
        assertThat(event.getErrorMessage()).isNull();
        assertThat(event.getSegments()).isEmpty();
        assertThat(event.getRequestId()).isNull();
        assertThat(event.getDeploymentRole()).isNull();
    }

    @Test
    void readsAndWritesTheV2RequestIdAndDeploymentRole() {
        PredictionEvent event = codec.decode(MINIMAL.replace("\"prediction\": {}",
                "\"prediction\": {}, \"request_id\": \"r-9\", \"deployment_role\": \"shadow\""));
        assertThat(event.getRequestId()).isEqualTo("r-9");
        assertThat(event.getDeploymentRole()).isEqualTo("shadow");
        assertThat(codec.encodeToString(event)).endsWith(",\"request_id\":\"r-9\",\"deployment_role\":\"shadow\"}");
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1764151200000          | 2025-11-26T10:00:00Z",
            "1764151200000.9        | 2025-11-26T10:00:00Z",
            "-1.5                   | 1969-12-31T23:59:59.998Z",
            "'\"2025-11-26T10:00:00Z\"'              | 2025-11-26T10:00:00Z",
            "'\"2025-11-26T11:00:00+01:00\"'         | 2025-11-26T10:00:00Z",
            "'\"2025-11-26T10:00:00.123456789Z\"'    | 2025-11-26T10:00:00.123Z",
            "'\"2025-11-26T10:00:00.5-00:30\"'       | 2025-11-26T10:30:00.500Z"})
    void readsEventTimeAsEpochMillisOrIsoWithOffset(String json, String expected) {
        String event = MINIMAL.replace("1764151200000", json);
        assertThat(codec.decode(event).getEventTime()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void readsNonNumericNumbersAsPythonWritesThem() {
        PredictionEvent event = codec.decode(MINIMAL.replace("\"features\": {}",
                "\"features\": {\"a\": NaN, \"b\": Infinity, \"c\": -Infinity, \"d\": 12}"));
        assertThat(event.getFeatures()).containsEntry("b", Double.POSITIVE_INFINITY)
                .containsEntry("c", Double.NEGATIVE_INFINITY).containsEntry("d", 12.0);
        assertThat((Double) event.getFeatures().get("a")).isNaN();
    }

    @Test
    void takesIntegerAndBooleanLabelsAsText() {
        assertThat(codec.decode(MINIMAL.replace("\"prediction\": {}", "\"prediction\": {\"label\": 1}"))
                .getPrediction().getLabel()).isEqualTo("1");
        assertThat(codec.decode(MINIMAL.replace("\"prediction\": {}", "\"prediction\": {\"label\": true}"))
                .getPrediction().getLabel()).isEqualTo("true");
        assertThatThrownBy(() -> codec.decode(MINIMAL.replace("\"prediction\": {}", "\"prediction\": {\"label\": 1.0}")))
                .isInstanceOfSatisfying(JsonShapeException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.WRONG_TYPE);
                    assertThat(e.path()).isEqualTo("$.prediction.label");
                });
    }

    @Test
    void roundTripsThroughItsOwnEncoding() {
        assertThat(codec.decode(codec.encode(TestEvents.prediction()))).isEqualTo(TestEvents.prediction());
        RandomRecords random = new RandomRecords(7);
        for (int i = 0; i < 200; i++) {
            PredictionEvent event = random.specific(PredictionEvent.class);
            assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
        }
        Map<String, Object> features = new HashMap<>();
        features.put("nan", Double.NaN);
        features.put("inf", Double.NEGATIVE_INFINITY);
        PredictionEvent odd = TestEvents.prediction();
        odd.setFeatures(features);
        PredictionEvent back = codec.decode(codec.encode(odd));
        assertThat((Double) back.getFeatures().get("nan")).isNaN();
        assertThat(back.getFeatures().get("inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void encodesCompactlyLeavingDefaultsOut() {
        String json = codec.encodeToString(codec.decode(MINIMAL));
        assertThat(json).isEqualTo("{\"prediction_id\":\"p\",\"model_id\":\"m\",\"model_version\":\"v\","
                + "\"event_time\":1764151200000,\"features\":{},\"prediction\":{}}");
    }

    @Test
    void decodesFromTheMiddleOfABuffer() {
        byte[] framed = ("xx" + MINIMAL + "yy").getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decode(framed, 2, framed.length - 4)).isEqualTo(codec.decode(MINIMAL));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // what is replaced in MINIMAL        | by what                                  | problem        | path
            "'\"prediction_id\": \"p\", '         | ''                                       | MISSING_FIELD  | $.prediction_id",
            "'\"features\": {}, '                 | ''                                       | MISSING_FIELD  | $.features",
            "', \"prediction\": {}'               | ''                                       | MISSING_FIELD  | $.prediction",
            "'\"model_id\": \"m\"'                | '\"model_id\": null'                     | WRONG_TYPE     | $.model_id",
            "'\"model_id\": \"m\"'                | '\"model_id\": 7'                        | WRONG_TYPE     | $.model_id",
            "'\"features\": {}'                   | '\"features\": {\"a\": [1]}'             | WRONG_TYPE     | $.features.a",
            "'\"features\": {}'                   | '\"features\": {\"two words\": {}}'      | WRONG_TYPE     | '$.features[\"two words\"]'",
            "'\"features\": {}'                   | '\"features\": [1, 2]'                   | WRONG_TYPE     | $.features",
            "'\"prediction\": {}'                 | '\"prediction\": {\"score\": \"0.9\"}'   | WRONG_TYPE     | $.prediction.score",
            "'\"prediction\": {}'                 | '\"prediction\": {\"probabilities\": {\"a\": \"x\"}}' | WRONG_TYPE | $.prediction.probabilities.a",
            "'\"prediction\": {}'                 | '\"prediction\": null'                   | WRONG_TYPE     | $.prediction",
            "'\"prediction\": {}'                 | '\"prediction\": {}, \"segments\": {\"region\": 3}' | WRONG_TYPE | $.segments.region",
            "'\"prediction\": {}'                 | '\"prediction\": {}, \"error\": \"yes\"' | WRONG_TYPE     | $.error",
            "'\"prediction\": {}'                 | '\"prediction\": {}, \"latency_ms\": \"4\"' | WRONG_TYPE  | $.latency_ms",
            "'1764151200000'                      | '\"yesterday\"'                          | INVALID_VALUE  | $.event_time",
            "'1764151200000'                      | '\"2026-11-22T10:00:00\"'                | INVALID_VALUE  | $.event_time",
            "'1764151200000'                      | '1e30'                                   | INVALID_VALUE  | $.event_time",
            "'1764151200000'                      | '99999999999999999999'                   | INVALID_VALUE  | $.event_time",
            "'1764151200000'                      | 'true'                                   | WRONG_TYPE     | $.event_time",
            "'\"model_id\": \"m\"'                | '\"model_id\": \"m\", \"model_id\": \"n\"' | MALFORMED_JSON | $.model_id",
            "'\"features\": {}'                   | '\"features\": {'                        | MALFORMED_JSON | $.features"})
    void namesThePathAndTheProblem(String replaced, String by, Problem problem, String path) {
        String json = MINIMAL.replace(replaced, by);
        assertThat(json).isNotEqualTo(MINIMAL);
        assertThatThrownBy(() -> codec.decode(json))
                .isInstanceOfSatisfying(JsonShapeException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.getMessage()).startsWith(path + ": ");
                });
    }

    @Test
    void explainsWhatWasExpected() {
        assertThatThrownBy(() -> codec.decode(MINIMAL.replace("\"model_id\": \"m\"", "\"model_id\": null")))
                .hasMessage("$.model_id: expected a string, got null");
        assertThatThrownBy(() -> codec.decode(MINIMAL.replace("1764151200000", "\"yesterday\"")))
                .hasMessageContaining("ISO-8601").hasMessageContaining("2026-11-22T10:15:30Z");
    }

    @Test
    void refusesWhatIsNotOneJsonObject() {
        assertThat(problem("")).isEqualTo(Problem.MALFORMED_JSON);
        assertThat(problem("not json")).isEqualTo(Problem.MALFORMED_JSON);
        assertThat(problem("[" + MINIMAL + "]")).isEqualTo(Problem.WRONG_TYPE);
        assertThat(problem("\"text\"")).isEqualTo(Problem.WRONG_TYPE);
        assertThatThrownBy(() -> codec.decode(MINIMAL + MINIMAL))
                .isInstanceOfSatisfying(JsonShapeException.class, e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED_JSON))
                .hasMessageContaining("one JSON object per Kafka record");
        assertThatThrownBy(() -> codec.decode("{\"prediction_id\": "))
                .hasMessageContaining("line 1");
    }

    @Test
    void ignoresUnknownFieldsByDefaultAndRejectsThemOnRequest() {
        String withExtras = MINIMAL.replace("\"prediction\": {}",
                "\"prediction\": {\"margin\": [1, {\"x\": 2}]}, \"trace\": {\"nested\": [1, 2]}");
        assertThat(codec.decode(withExtras)).isEqualTo(codec.decode(MINIMAL));

        PredictionEventJsonCodec strict = new PredictionEventJsonCodec(UnknownFieldPolicy.REJECT);
        assertThatThrownBy(() -> strict.decode(withExtras))
                .isInstanceOfSatisfying(JsonShapeException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_FIELD);
                    assertThat(e.path()).isEqualTo("$.prediction.margin");
                });
        assertThatThrownBy(() -> strict.decode(MINIMAL.replace("\"features\"", "\"feature\"")))
                .isInstanceOfSatisfying(JsonShapeException.class, e -> assertThat(e.path()).isEqualTo("$.feature"));
    }

    @Test
    void refusesToEncodeWhatTheSchemaCannotHold() {
        PredictionEvent noId = TestEvents.prediction();
        noId.setPredictionId(null);
        assertThatThrownBy(() -> codec.encode(noId)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prediction_id is null");
        PredictionEvent intFeature = TestEvents.prediction();
        intFeature.getFeatures().put("count", 3);
        assertThatThrownBy(() -> codec.encode(intFeature)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature 'count' holds a java.lang.Integer");
    }

    private Problem problem(String json) {
        try {
            codec.decode(json);
        } catch (JsonShapeException e) {
            return e.problem();
        }
        throw new AssertionError("decoded " + json);
    }
}
