package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.json.JsonEventCodec;
import io.driftwatch.schemas.json.JsonShapeException;
import io.driftwatch.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Ready-configured serdes for Driftwatch's records. */
public final class DriftwatchSerdes {

    private DriftwatchSerdes() {}

    /**
     * A configured wire-format serde of {@code type}, with its own registry client from
     * {@code config} ({@code schema.registry.url} and the keys of {@link AvroSerdeConfig}).
     */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> specific(Class<T> type, Map<String, ?> config, boolean isKey) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config, isKey);
        return serde;
    }

    /** A configured wire-format serde of {@code type} using {@code registry}, which stays the caller's to close. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> specific(Class<T> type, SchemaRegistryClient registry,
            Map<String, ?> config, boolean isKey) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type, registry);
        serde.configure(config, isKey);
        return serde;
    }

    /** A configured wire-format serde of {@code GenericRecord}s with its own registry client from {@code config}. */
    public static GenericAvroSerde generic(Map<String, ?> config, boolean isKey) {
        GenericAvroSerde serde = new GenericAvroSerde();
        serde.configure(config, isKey);
        return serde;
    }

    /** A configured wire-format serde of {@code GenericRecord}s using {@code registry}. */
    public static GenericAvroSerde generic(SchemaRegistryClient registry, Map<String, ?> config, boolean isKey) {
        GenericAvroSerde serde = new GenericAvroSerde(registry);
        serde.configure(config, isKey);
        return serde;
    }

    /**
     * A JSON serde of one event kind, e.g. {@code json(new PredictionEventJsonCodec())}: writes
     * {@link JsonEventCodec#encode}, reads JSON only (failures as {@link EventDecodingException}).
     * To accept Avro as well, read with {@link InputEventDecoder}.
     */
    public static <T> Serde<T> json(JsonEventCodec<T> codec) {
        return Serdes.serdeFrom(codec.serializer(), (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return codec.decode(data);
            } catch (JsonShapeException e) {
                throw EventDecodingException.ofJson(e);
            }
        });
    }
}
