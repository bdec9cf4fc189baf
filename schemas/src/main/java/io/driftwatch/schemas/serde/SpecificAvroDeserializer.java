package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;

/**
 * Kafka deserializer of wire-format Avro into a generated class, resolving each record's writer
 * schema (fetched by id) against the class's schema, so records written with an older or newer
 * compatible version of the schema are read correctly.
 *
 * <p>The class is the one given to the constructor; else {@code specific.avro.value.type} /
 * {@code specific.avro.key.type}; else the generated class named like the writer's record.
 * Throws {@link EventDecodingException} (a {@code SerializationException}) with a reason code
 * when a record cannot be read.
 *
 * @param <T> the generated class
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> extends RegistryAvroDeserializer<T> {

    private final Class<T> type;

    /** For Kafka, which configures it from the consumer's properties. */
    public SpecificAvroDeserializer() {
        this(null, null);
    }

    public SpecificAvroDeserializer(Class<T> type) {
        this(type, null);
    }

    /** Uses {@code registry} (left open on {@link #close()}); {@link #configure} is still required. */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
        super(registry);
        this.type = type;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    AvroRecordReader.ReaderFactory<T> readerFactory(AvroSerdeConfig config, boolean isKey) {
        Class<?> chosen = type != null ? type : config.specificType(isKey);
        if (chosen == null) {
            return (AvroRecordReader.ReaderFactory<T>) (AvroRecordReader.ReaderFactory) AvroRecordReader.specificByWriterName();
        }
        return AvroRecordReader.specific((Class<T>) generatedClass(chosen, isKey));
    }
}
