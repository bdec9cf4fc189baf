package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.registry.SchemaRegistryClient;

/**
 * Kafka deserializer of wire-format Avro, a drop-in for Confluent's {@code KafkaAvroDeserializer}:
 * {@code GenericRecord}s by default, generated classes with {@code specific.avro.reader=true}
 * (the class named like the writer's record, or {@code specific.avro.value.type} /
 * {@code specific.avro.key.type}).
 */
public class AvroDeserializer extends RegistryAvroDeserializer<Object> {

    /** For Kafka, which configures it from the consumer's properties. */
    public AvroDeserializer() {
        super(null);
    }

    /** Uses {@code registry} (left open on {@link #close()}); {@link #configure} is still required. */
    public AvroDeserializer(SchemaRegistryClient registry) {
        super(registry);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    AvroRecordReader.ReaderFactory<Object> readerFactory(AvroSerdeConfig config, boolean isKey) {
        if (!config.specificAvroReader()) {
            return (AvroRecordReader.ReaderFactory) AvroRecordReader.generic();
        }
        Class<?> type = config.specificType(isKey);
        if (type != null) {
            return (AvroRecordReader.ReaderFactory) AvroRecordReader.specific(generatedClass(type, isKey));
        }
        return AvroRecordReader.specificByWriterName();
    }
}
