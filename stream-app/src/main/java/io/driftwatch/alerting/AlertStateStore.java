package io.driftwatch.alerting;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the {@link RuleEngine} reads and writes alert state, by fingerprint. In the application a
 * Kafka Streams key-value store of {@link AlertState#toBytes()} backs it; {@link #inMemory()} is a
 * map, for tests and tools.
 */
public interface AlertStateStore {

    /** The state of a fingerprint, empty when none is stored. */
    Optional<AlertState> get(String fingerprint);

    /** Stores the state of a fingerprint. */
    void put(String fingerprint, AlertState state);

    /** Forgets a fingerprint (its state became idle, see {@link AlertState#isIdle()}). */
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
}
