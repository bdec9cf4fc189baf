package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What the Avro deserializers share: the registry client (own or given), configuration, and
 * the wire-format reader. Subclasses say what records are read as.
 *
 * @param <T> what records are read as
 */
abstract class RegistryAvroDeserializer<T> implements Deserializer<T> {

    private final RegistryConnection registry;
    private AvroRecordReader<T> reader;

    RegistryAvroDeserializer(SchemaRegistryClient registry) {
        this.registry = new RegistryConnection(registry);
    }

    /** The reader factory for this configuration. */
    abstract AvroRecordReader.ReaderFactory<T> readerFactory(AvroSerdeConfig config, boolean isKey);

    /** Makes this use {@code registry}, owned by the caller (a serde sharing one client); before configure. */
    void useRegistry(SchemaRegistryClient registry) {
        this.registry.useGiven(registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.fromConfigs(configs);
        reader = new AvroRecordReader<>(registry.open(configs), readerFactory(config, isKey));
    }

    /**
     * The record in {@code data}, or null for null (a tombstone).
     *
     * @throws EventDecodingException with a reason code when the bytes cannot be decoded
     */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (reader == null) {
            throw new IllegalStateException(getClass().getSimpleName()
                    + " is not configured: call configure(configs, isKey) first");
        }
        return reader.read(data);
    }

    /** {@code type} as a generated class, or a configuration error naming the key. */
    static Class<? extends SpecificRecord> generatedClass(Class<?> type, boolean isKey) {
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(isKey ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE,
                    type.getName(), "not an Avro generated class (SpecificRecord)");
        }
        return type.asSubclass(SpecificRecord.class);
    }

    @Override
    public void close() {
        registry.close();
    }
}
