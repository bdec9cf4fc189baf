package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.registry.SchemaRegistryClient;
import org.apache.avro.generic.GenericRecord;

/**
 * Kafka deserializer of wire-format Avro into {@link GenericRecord}s of their writer schema.
 * Logical types stay in their Avro representation (timestamps as epoch-millisecond longs).
 */
public class GenericAvroDeserializer extends RegistryAvroDeserializer<GenericRecord> {

    /** For Kafka, which configures it from the consumer's properties. */
    public GenericAvroDeserializer() {
        super(null);
    }

    /** Uses {@code registry} (left open on {@link #close()}); {@link #configure} is still required. */
    public GenericAvroDeserializer(SchemaRegistryClient registry) {
        super(registry);
    }

    @Override
    AvroRecordReader.ReaderFactory<GenericRecord> readerFactory(AvroSerdeConfig config, boolean isKey) {
        return AvroRecordReader.generic();
    }
}
