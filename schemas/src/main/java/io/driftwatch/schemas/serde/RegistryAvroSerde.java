package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the Avro serdes share: an {@link AvroSerializer} and a deserializer talking to one registry
 * client, given (left open on {@link #close()}) or made on {@link #configure}. Subclasses say
 * what records are read as.
 *
 * @param <T> the record type
 */
abstract class RegistryAvroSerde<T extends GenericContainer> implements Serde<T> {

    private final AvroSerializer<T> serializer = new AvroSerializer<>();
    private final RegistryAvroDeserializer<T> deserializer;
    private final RegistryConnection registry;

    /** {@code registry} may be null: one is then made from the configs. */
    RegistryAvroSerde(RegistryAvroDeserializer<T> deserializer, SchemaRegistryClient registry) {
        this.deserializer = deserializer;
        this.registry = new RegistryConnection(registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SchemaRegistryClient client = registry.open(configs);
        serializer.useRegistry(client);
        serializer.configure(configs, isKey);
        deserializer.useRegistry(client);
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
        registry.close();
    }
}
