package io.driftwatch.cli;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.json.OutcomeEventJsonCodec;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import io.driftwatch.schemas.serde.AvroSerializer;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;

/** How generated events are written: Avro in the registry wire format, JSON, or Avro for some models and JSON for the rest. */
final class EventSerializers {

    private EventSerializers() {
    }

    /**
     * @param serde the registry client's settings (URL, credentials, TLS, subject naming), as in the
     *              configuration; JSON for every model when they name no registry
     */
    static Serializer<PredictionEvent> predictions(Map<String, ?> serde, Set<String> jsonModels) {
        PredictionEventJsonCodec json = new PredictionEventJsonCodec();
        if (serde.get("schema.registry.url") == null) {
            return (topic, e) -> json.encode(e);
        }
        AvroSerializer<PredictionEvent> avro = new AvroSerializer<>();
        avro.configure(serde, false);
        return (topic, e) -> jsonModels.contains(e.getModelId()) ? json.encode(e) : avro.serialize(topic, e);
    }

    /** As {@link #predictions}. */
    static Serializer<OutcomeEvent> outcomes(Map<String, ?> serde, Set<String> jsonModels) {
        OutcomeEventJsonCodec json = new OutcomeEventJsonCodec();
        if (serde.get("schema.registry.url") == null) {
            return (topic, e) -> json.encode(e);
        }
        AvroSerializer<OutcomeEvent> avro = new AvroSerializer<>();
        avro.configure(serde, false);
        return (topic, e) -> jsonModels.contains(e.getModelId()) ? json.encode(e) : avro.serialize(topic, e);
    }
}
