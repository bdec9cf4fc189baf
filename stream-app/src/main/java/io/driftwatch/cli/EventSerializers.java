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

    static Serializer<PredictionEvent> predictions(String registryUrl, Set<String> jsonModels) {
        PredictionEventJsonCodec json = new PredictionEventJsonCodec();
        if (registryUrl == null) {
            return (topic, e) -> json.encode(e);
        }
        AvroSerializer<PredictionEvent> avro = new AvroSerializer<>();
        avro.configure(Map.of("schema.registry.url", registryUrl), false);
        return (topic, e) -> jsonModels.contains(e.getModelId()) ? json.encode(e) : avro.serialize(topic, e);
    }

    static Serializer<OutcomeEvent> outcomes(String registryUrl, Set<String> jsonModels) {
        OutcomeEventJsonCodec json = new OutcomeEventJsonCodec();
        if (registryUrl == null) {
            return (topic, e) -> json.encode(e);
        }
        AvroSerializer<OutcomeEvent> avro = new AvroSerializer<>();
        avro.configure(Map.of("schema.registry.url", registryUrl), false);
        return (topic, e) -> jsonModels.contains(e.getModelId()) ? json.encode(e) : avro.serialize(topic, e);
    }
}
