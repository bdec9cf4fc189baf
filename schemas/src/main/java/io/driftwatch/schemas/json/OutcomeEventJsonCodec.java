package io.driftwatch.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import io.driftwatch.schemas.OutcomeEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * {@link OutcomeEvent} as JSON, field names as in {@code OutcomeEvent.avsc}:
 *
 * <pre>{@code
 * {
 *   "prediction_id": "p-123",       required string
 *   "model_id": "fraud-scorer",     required string
 *   "model_version": "3",           optional string or null
 *   "event_time": "2026-11-26T10:05:00Z",   required: epoch ms or ISO-8601 with offset
 *   "label": "1",                   optional string (integers, booleans taken as text) or null
 *   "value": null                   optional number or null
 * }
 * }</pre>
 */
public final class OutcomeEventJsonCodec implements JsonEventCodec<OutcomeEvent> {

    private final JsonFactory factory = JsonEventReader.newFactory();
    private final UnknownFieldPolicy unknownFields;

    /** A codec that ignores unknown fields. */
    public OutcomeEventJsonCodec() {
        this(UnknownFieldPolicy.IGNORE);
    }

    public OutcomeEventJsonCodec(UnknownFieldPolicy unknownFields) {
        this.unknownFields = Objects.requireNonNull(unknownFields, "unknownFields");
    }

    @Override
    public OutcomeEvent decode(byte[] data, int offset, int length) {
        return JsonEventReader.decode(factory, data, offset, length, unknownFields, OutcomeEventJsonCodec::read);
    }

    private static OutcomeEvent read(JsonEventReader in) throws IOException {
        in.startEvent();
        String predictionId = null;
        String modelId = null;
        String modelVersion = null;
        Instant eventTime = null;
        String label = null;
        Double value = null;
        String field;
        while ((field = in.nextField()) != null) {
            switch (field) {
                case "prediction_id" -> predictionId = in.requiredString();
                case "model_id" -> modelId = in.requiredString();
                case "model_version" -> modelVersion = in.optionalString();
                case "event_time" -> eventTime = in.eventTime();
                case "label" -> label = in.optionalLabel();
                case "value" -> value = in.optionalDouble();
                default -> in.unknownField();
            }
        }
        in.endEvent();
        return new OutcomeEvent(
                JsonEventReader.required(predictionId, "$.prediction_id"),
                JsonEventReader.required(modelId, "$.model_id"),
                modelVersion,
                JsonEventReader.required(eventTime, "$.event_time"),
                label,
                value);
    }

    @Override
    public byte[] encode(OutcomeEvent event) {
        Objects.requireNonNull(event, "event");
        return JsonEventWriter.encode(factory, out -> {
            out.requiredString("prediction_id", event.getPredictionId());
            out.requiredString("model_id", event.getModelId());
            out.optionalString("model_version", event.getModelVersion());
            out.time("event_time", event.getEventTime());
            out.optionalString("label", event.getLabel());
            out.optionalNumber("value", event.getValue());
        });
    }
}
