package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.registry.SchemaRegistryClient;
import java.util.Map;

/**
 * The registry client a serializer, deserializer or serde talks to, and whether closing it is
 * theirs: a client they were given stays open for its owner; one they made from their configs
 * on configure is closed with them. A serde gives its own client to its serializer and
 * deserializer so that the pair shares one connection and one schema cache.
 */
final class RegistryConnection {

    private SchemaRegistryClient client;
    private boolean owned;

    /** {@code given} may be null: a client is then made on {@link #open}. */
    RegistryConnection(SchemaRegistryClient given) {
        this.client = given;
    }

    /** Uses {@code given}, owned by the caller; before {@link #open}. */
    void useGiven(SchemaRegistryClient given) {
        this.client = given;
        this.owned = false;
    }

    /** The client given, or the one made from {@code configs} on the first call. */
    SchemaRegistryClient open(Map<String, ?> configs) {
        if (client == null) {
            client = SchemaRegistryClient.fromConfigs(configs);
            owned = true;
        }
        return client;
    }

    /** Closes the client if it was made here. */
    void close() {
        if (owned) {
            client.close();
        }
    }
}
