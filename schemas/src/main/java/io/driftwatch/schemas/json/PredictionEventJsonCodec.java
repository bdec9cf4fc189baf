package io.driftwatch.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link PredictionEvent} as JSON. Field names are those of {@code PredictionEvent.avsc}; a field
 * is optional exactly when the schema gives it a default:
 *
 * <pre>{@code
 * {
 *   "prediction_id": "p-123",                 required string
 *   "model_id": "fraud-scorer",               required string
 *   "model_version": "3",                     required string
 *   "event_time": 1764151200000,              required: epoch ms, or "2026-11-26T10:00:00Z"
 *   "features": {"amount": 12.5, "country": "DE", "new_user": true, "age": null},
 *                                             required object; values number, string, boolean, null
 *   "prediction": {                           required object, every member optional:
 *     "label": "1",                             string (integers, booleans taken as text) or null
 *     "score": 0.93,                            number or null
 *     "probabilities": {"a": 0.2, "b": 0.8},    object of numbers or null
 *     "value": null                             number or null
 *   },
 *   "latency_ms": 4.2,                        optional number or null
 *   "error": false,                           optional boolean, default false
 *   "error_message": null,                    optional string or null
 *   "segments": {"region": "eu"},             optional object of strings, default {}
 *   "request_id": "r-9",                      optional string or null (since v2)
 *   "deployment_role": "canary"               optional: primary, canary, shadow, variant or null (since v2)
 * }
 * }</pre>
 *
 * Numbers may be {@code NaN}, {@code Infinity}, {@code -Infinity} (as Python writes them); the
 * validator decides where that is allowed. Unknown fields follow the {@link UnknownFieldPolicy}.
 */
public final class PredictionEventJsonCodec implements JsonEventCodec<PredictionEvent> {

    private final JsonFactory factory = JsonEventReader.newFactory();
    private final UnknownFieldPolicy unknownFields;

    /** A codec that ignores unknown fields. */
    public PredictionEventJsonCodec() {
        this(UnknownFieldPolicy.IGNORE);
    }

    public PredictionEventJsonCodec(UnknownFieldPolicy unknownFields) {
        this.unknownFields = Objects.requireNonNull(unknownFields, "unknownFields");
    }

    @Override
    public PredictionEvent decode(byte[] data, int offset, int length) {
        return JsonEventReader.decode(factory, data, offset, length, unknownFields, PredictionEventJsonCodec::read);
    }

    private static PredictionEvent read(JsonEventReader in) throws IOException {
        in.startEvent();
        String predictionId = null;
        String modelId = null;
        String modelVersion = null;
        Instant eventTime = null;
        Map<String, Object> features = null;
        Prediction prediction = null;
        Double latencyMs = null;
        boolean error = false;
        String errorMessage = null;
        Map<String, String> segments = null;
        String requestId = null;
        String deploymentRole = null;
        String field;
        while ((field = in.nextField()) != null) {
            switch (field) {
                case "prediction_id" -> predictionId = in.requiredString();
                case "model_id" -> modelId = in.requiredString();
                case "model_version" -> modelVersion = in.requiredString();
                case "event_time" -> eventTime = in.eventTime();
                case "features" -> features = in.features();
                case "prediction" -> prediction = readPrediction(in);
                case "latency_ms" -> latencyMs = in.optionalDouble();
                case "error" -> error = in.requiredBoolean();
                case "error_message" -> errorMessage = in.optionalString();
                case "segments" -> segments = in.stringMap();
                case "request_id" -> requestId = in.optionalString();
                case "deployment_role" -> deploymentRole = in.optionalString();
                default -> in.unknownField();
            }
        }
        in.endEvent();
        return new PredictionEvent(
                JsonEventReader.required(predictionId, "$.prediction_id"),
                JsonEventReader.required(modelId, "$.model_id"),
                JsonEventReader.required(modelVersion, "$.model_version"),
                JsonEventReader.required(eventTime, "$.event_time"),
                JsonEventReader.required(features, "$.features"),
                JsonEventReader.required(prediction, "$.prediction"),
                latencyMs,
                error,
                errorMessage,
                segments != null ? segments : new HashMap<>(),
                requestId,
                deploymentRole);
    }

    private static Prediction readPrediction(JsonEventReader in) throws IOException {
        in.startObject("an object with label, score, probabilities and value", false);
        Prediction prediction = new Prediction();
        String field;
        while ((field = in.nextField()) != null) {
            switch (field) {
                case "label" -> prediction.setLabel(in.optionalLabel());
                case "score" -> prediction.setScore(in.optionalDouble());
                case "probabilities" -> prediction.setProbabilities(in.optionalDoubleMap());
                case "value" -> prediction.setValue(in.optionalDouble());
                default -> in.unknownField();
            }
        }
        return prediction;
    }

    @Override
    public byte[] encode(PredictionEvent event) {
        Objects.requireNonNull(event, "event");
        return JsonEventWriter.encode(factory, out -> {
            out.requiredString("prediction_id", event.getPredictionId());
            out.requiredString("model_id", event.getModelId());
            out.requiredString("model_version", event.getModelVersion());
            out.time("event_time", event.getEventTime());
            out.features("features", event.getFeatures());
            Prediction prediction = event.getPrediction();
            if (prediction == null) {
                throw new IllegalArgumentException("prediction is null; it is required (use an empty Prediction)");
            }
            out.startObject("prediction");
            out.optionalString("label", prediction.getLabel());
            out.optionalNumber("score", prediction.getScore());
            out.optionalNumberMap("probabilities", prediction.getProbabilities());
            out.optionalNumber("value", prediction.getValue());
            out.endObject();
            out.optionalNumber("latency_ms", event.getLatencyMs());
            out.trueOnly("error", event.getError());
            out.optionalString("error_message", event.getErrorMessage());
            out.nonEmptyStringMap("segments", event.getSegments());
            out.optionalString("request_id", event.getRequestId());
            out.optionalString("deployment_role", event.getDeploymentRole());
        });
    }
}
