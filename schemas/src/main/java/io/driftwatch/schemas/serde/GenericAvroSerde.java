package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.registry.SchemaRegistryClient;
import org.apache.avro.generic.GenericRecord;

/**
 * Serde of {@link GenericRecord}s in the wire format ({@link AvroSerializer} and
 * {@link GenericAvroDeserializer} sharing one registry client), a drop-in for Confluent's
 * {@code GenericAvroSerde}. Must be configured before use; {@link DriftwatchSerdes#generic}
 * returns one that is.
 */
public class GenericAvroSerde extends RegistryAvroSerde<GenericRecord> {

    /** For Kafka Streams' default serde config. */
    public GenericAvroSerde() {
        this(null);
    }

    /** Uses {@code registry} (left open on {@link #close()}). */
    public GenericAvroSerde(SchemaRegistryClient registry) {
        super(new GenericAvroDeserializer(), registry);
    }
}
