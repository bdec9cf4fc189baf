package io.driftwatch.schemas.registry;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory registries behind {@code mock://SCOPE} URLs: one {@link InMemorySchemaRegistry}
 * per scope name, shared by every client in the JVM that names the scope, so a serializer and a
 * deserializer configured separately (say the demo's traffic generator and the monitor) see the
 * same schemas.
 *
 * <p>This map is the one piece of JVM-wide mutable state in the project, and deliberately so:
 * the URL is all a serde configured by Kafka gets, so the scope name must lead to shared state
 * (Confluent's {@code MockSchemaRegistry} does the same). It is thread-safe; a test that wants a
 * clean registry uses a fresh scope name or calls {@link #dropScope(String)}.
 */
public final class MockSchemaRegistry {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {}

    /** The registry of {@code scope}, created empty on first use. */
    public static InMemorySchemaRegistry scope(String scope) {
        Objects.requireNonNull(scope, "scope");
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    /**
     * Forgets the registry of {@code scope}; the next use of the scope starts empty. Clients that
     * already hold the old registry keep it.
     */
    public static void dropScope(String scope) {
        SCOPES.remove(Objects.requireNonNull(scope, "scope"));
    }
}
