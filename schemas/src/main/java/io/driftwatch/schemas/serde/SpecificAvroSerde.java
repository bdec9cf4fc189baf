package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of a generated Avro class in the wire format ({@link AvroSerializer} and
 * {@link SpecificAvroDeserializer} sharing one registry client), a drop-in for Confluent's
 * {@code SpecificAvroSerde}. Must be configured before use; {@link DriftwatchSerdes#specific}
 * returns one that is.
 *
 * @param <T> the generated class
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer = new AvroSerializer<>();
    private final SpecificAvroDeserializer<T> deserializer;
    private SchemaRegistryClient registry;
    private boolean ownsRegistry;

    /** For Kafka Streams' default serde config; reads the class named like each writer's record. */
    public SpecificAvroSerde() {
        this(null, null);
    }

    public SpecificAvroSerde(Class<T> type) {
        this(type, null);
    }

    /** Uses {@code registry} (left open on {@link #close()}); {@code type} may be null. */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry) {
        this.registry = registry;
        this.deserializer = new SpecificAvroDeserializer<>(type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = SchemaRegistryClient.fromConfigs(configs);
            ownsRegistry = true;
        }
        serializer.useRegistry(registry);
        serializer.configure(configs, isKey);
        deserializer.useRegistry(registry);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }
}
