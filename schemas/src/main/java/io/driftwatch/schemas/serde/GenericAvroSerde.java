package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of {@link GenericRecord}s in the wire format ({@link AvroSerializer} and
 * {@link GenericAvroDeserializer} sharing one registry client), a drop-in for Confluent's
 * {@code GenericAvroSerde}. Must be configured before use; {@link DriftwatchSerdes#generic}
 * returns one that is.
 */
public class GenericAvroSerde implements Serde<GenericRecord> {

    private final AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
    private final GenericAvroDeserializer deserializer = new GenericAvroDeserializer();
    private SchemaRegistryClient registry;
    private boolean ownsRegistry;

    /** For Kafka Streams' default serde config. */
    public GenericAvroSerde() {}

    /** Uses {@code registry} (left open on {@link #close()}). */
    public GenericAvroSerde(SchemaRegistryClient registry) {
        this.registry = registry;
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
    public Serializer<GenericRecord> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<GenericRecord> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }
}
