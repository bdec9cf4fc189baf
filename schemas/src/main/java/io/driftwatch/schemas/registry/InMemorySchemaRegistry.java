package io.driftwatch.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.avro.Schema;

/**
 * A Schema Registry in memory, for tests and the embedded demo. It behaves as a real registry
 * does where a serializer can tell: ids are global and start at 1, the same schema (by its JSON
 * form) has the same id under every subject, registering a schema a subject already has returns
 * the existing id without a new version, versions count from 1 per subject, and a new version
 * must be able to read data written with the latest one (Confluent's default compatibility,
 * {@code BACKWARD}), else it is refused with error code 409. Errors carry the registry's codes.
 *
 * <p>Thread-safe (every method is synchronized; nothing here is on a hot path, because the
 * serdes cache what they learn). Instances share nothing; {@link MockSchemaRegistry} keeps one
 * per {@code mock://} scope.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonicalText = new HashMap<>();
    /** Per subject, the schema ids of versions 1, 2, ... in order. */
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer known = idsByCanonicalText.get(schema.toString());
        if (known != null && versions.contains(known)) {
            return known;
        }
        if (!versions.isEmpty()) {
            Schema latest = schemasById.get(versions.get(versions.size() - 1));
            String problems = ReaderWriterCompatibility.problems(schema, latest);
            if (problems != null) {
                throw new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                        "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                                + "\" (BACKWARD): " + problems);
            }
        }
        int id = known != null ? known : schemasById.size() + 1;
        if (known == null) {
            schemasById.put(id, schema);
            idsByCanonicalText.put(schema.toString(), id);
        }
        versions.add(id);
        return id;
    }

    @Override
    public synchronized Schema getSchemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized int getId(String subject, Schema schema) {
        List<Integer> versions = versions(subject);
        Integer id = idsByCanonicalText.get(schema.toString());
        if (id == null || !versions.contains(id)) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema not found under subject '" + subject + "'");
        }
        return id;
    }

    @Override
    public synchronized RegisteredSchema getLatestSchema(String subject) {
        List<Integer> versions = versions(subject);
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, versions.size(), id, schemasById.get(id));
    }

    /** The subjects that have at least one version, sorted. */
    public synchronized List<String> subjects() {
        return List.copyOf(new TreeSet<>(versionsBySubject.keySet()));
    }

    private List<Integer> versions(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found.");
        }
        return versions;
    }
}
