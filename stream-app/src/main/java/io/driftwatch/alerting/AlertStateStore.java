package io.driftwatch.alerting;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where the {@link RuleEngine} reads and writes alert state, by fingerprint. In the application a
 * Kafka Streams key-value store of {@link AlertState#toBytes()} backs it ({@link #overBytes});
 * {@link #inMemory()} is a map, for tests and tools.
 */
public interface AlertStateStore {

    /** The state of a fingerprint, empty when none is stored. */
    Optional<AlertState> get(String fingerprint);

    /** Stores the state of a fingerprint. */
    void put(String fingerprint, AlertState state);

    /** Forgets a fingerprint. */
    void remove(String fingerprint);

    /** A store backed by a new hash map; not thread-safe. */
    static AlertStateStore inMemory() {
        return over(new HashMap<>());
    }

    /** A store backed by the given map, which it reads and writes. */
    static AlertStateStore over(Map<String, AlertState> map) {
        return new AlertStateStore() {
            @Override
            public Optional<AlertState> get(String fingerprint) {
                return Optional.ofNullable(map.get(fingerprint));
            }

            @Override
            public void put(String fingerprint, AlertState state) {
                map.put(fingerprint, state);
            }

            @Override
            public void remove(String fingerprint) {
                map.remove(fingerprint);
            }
        };
    }

    /**
     * A store over a key-value store of bytes (the application's, in one transaction with the
     * alerts), states under their fingerprints.
     *
     * @param get    reads a key, null when absent
     * @param put    writes a key
     * @param delete deletes a key
     */
    static AlertStateStore overBytes(Function<String, byte[]> get, BiConsumer<String, byte[]> put,
                                     Consumer<String> delete) {
        return new AlertStateStore() {
            @Override
            public Optional<AlertState> get(String fingerprint) {
                return Optional.ofNullable(get.apply(fingerprint)).map(AlertState::fromBytes);
            }

            @Override
            public void put(String fingerprint, AlertState state) {
                put.accept(fingerprint, state.toBytes());
            }

            @Override
            public void remove(String fingerprint) {
                delete.accept(fingerprint);
            }
        };
    }
}
