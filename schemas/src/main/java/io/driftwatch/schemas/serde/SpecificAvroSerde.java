package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;

/**
 * Serde of a generated Avro class in the wire format ({@link AvroSerializer} and
 * {@link SpecificAvroDeserializer} sharing one registry client), a drop-in for Confluent's
 * {@code SpecificAvroSerde}. Must be configured before use; {@link DriftwatchSerdes#specific}
 * returns one that is.
 *
 * @param <T> the generated class
 */
public class SpecificAvroSerde<T extends SpecificRecord> extends RegistryAvroSerde<T> {

    /** For Kafka Streams' default serde config; reads the class named like each writer's record. */
    public SpecificAvroSerde() {
        this(null, null);
    }

    public SpecificAvroSerde(Class<T> type) {
        this(type, null);
    }

    /** Uses {@code registry} (left open on {@link #close()}); {@code type} may be null. */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry) {
        super(new SpecificAvroDeserializer<>(type), registry);
    }
}
