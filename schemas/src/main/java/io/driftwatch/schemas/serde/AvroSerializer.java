package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka serializer of Avro records (generated classes and {@code GenericRecord}s alike) in the
 * Schema Registry wire format, a drop-in for Confluent's {@code KafkaAvroSerializer}:
 * {@code value.serializer=io.driftwatch.schemas.serde.AvroSerializer} with
 * {@code schema.registry.url} and the keys of {@link AvroSerdeConfig}.
 *
 * <p>The schema of a record class is resolved to its id once (registered or looked up); after that
 * a record costs one Avro encoding and one array copy. Null serializes to null (a tombstone).
 * Failures throw Kafka's {@link org.apache.kafka.common.errors.SerializationException} saying
 * what to fix. Meant, as every Kafka serializer, for one thread at a time; concurrent use is
 * correct, merely slower.
 *
 * @param <T> the record type
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

    private static final Logger LOG = LoggerFactory.getLogger(AvroSerializer.class);

    private final RegistryConnection registry;
    private AvroRecordWriter writer;

    /** For Kafka, which configures it from the producer's properties. */
    public AvroSerializer() {
        this(null);
    }

    /** Uses {@code registry} (left open on {@link #close()}); {@link #configure} is still required. */
    public AvroSerializer(SchemaRegistryClient registry) {
        this.registry = new RegistryConnection(registry);
    }

    /** Makes this use {@code registry}, owned by the caller (a serde sharing one client); before configure. */
    void useRegistry(SchemaRegistryClient registry) {
        this.registry.useGiven(registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.fromConfigs(configs);
        SchemaRegistryClient client = registry.open(configs);
        if (config.autoRegisterSchemas() && config.useLatestVersion()) {
            LOG.warn("{}=true takes precedence: {}=true has no effect unless auto registration is off",
                    AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, AvroSerdeConfig.USE_LATEST_VERSION);
        }
        writer = new AvroRecordWriter(client, config, isKey);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (writer == null) {
            throw new IllegalStateException("AvroSerializer is not configured: call configure(configs, isKey) first");
        }
        return writer.write(topic, data);
    }

    @Override
    public void close() {
        registry.close();
    }
}
