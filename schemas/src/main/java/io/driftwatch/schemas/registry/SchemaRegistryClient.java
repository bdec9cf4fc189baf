package io.driftwatch.schemas.registry;

import java.util.Map;
import org.apache.avro.Schema;

/**
 * The part of the Schema Registry REST API that a serializer and a deserializer need.
 *
 * <p>Two implementations: {@link RestSchemaRegistryClient}, which speaks the API of Confluent
 * Schema Registry (and of the registries compatible with it: Apicurio's compatibility API,
 * Karapace, Redpanda), and {@link InMemorySchemaRegistry}, which stands in for a registry in
 * tests and in the embedded demo ({@code mock://SCOPE} URLs, see {@link MockSchemaRegistry}).
 *
 * <p>Implementations are thread-safe and cache what they learn: a schema's id never changes, so
 * both directions (id to schema, subject and schema to id) are cached for the life of the client.
 * Every method throws {@link SchemaRegistryException} when the registry refuses or cannot be
 * reached.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}).
     * Registering a schema that the subject already has returns its existing id; the same schema
     * under two subjects has one id.
     *
     * @return the schema's global id
     * @throws SchemaRegistryException with {@link SchemaRegistryException#INCOMPATIBLE_SCHEMA} when
     *     the subject's compatibility rule refuses it, {@link SchemaRegistryException#INVALID_SCHEMA}
     *     when the registry cannot parse it
     */
    int register(String subject, Schema schema);

    /**
     * The schema with global id {@code id} ({@code GET /schemas/ids/{id}}).
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#SCHEMA_NOT_FOUND} for an
     *     unknown id; {@link UnsupportedSchemaException} when the id names a schema that is not Avro
     */
    Schema getSchemaById(int id);

    /**
     * The id of {@code schema}, which must already be registered under {@code subject}
     * ({@code POST /subjects/{subject}}).
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#SUBJECT_NOT_FOUND} or
     *     {@link SchemaRegistryException#SCHEMA_NOT_FOUND} when it is not
     */
    int getId(String subject, Schema schema);

    /**
     * The newest version registered under {@code subject}
     * ({@code GET /subjects/{subject}/versions/latest}). Not cached: it changes when a new version
     * is registered.
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#SUBJECT_NOT_FOUND}
     */
    RegisteredSchema getLatestSchema(String subject);

    /** Releases what the client holds; the shared {@code mock://} registries keep their data. */
    @Override
    default void close() {}

    /**
     * A client for the registry that {@code configs} name: a {@link RestSchemaRegistryClient} for
     * {@code http(s)://} URLs, the shared in-memory registry of the scope for {@code mock://SCOPE}.
     * The keys are those of {@link RegistryClientConfig}, named as Confluent's clients name them.
     */
    static SchemaRegistryClient fromConfigs(Map<String, ?> configs) {
        RegistryClientConfig config = RegistryClientConfig.fromConfigs(configs);
        if (config.mockScope() != null) {
            return MockSchemaRegistry.scope(config.mockScope());
        }
        return new RestSchemaRegistryClient(config);
    }
}
