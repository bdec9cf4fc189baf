package io.driftwatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.TestEvents;
import io.driftwatch.schemas.registry.InMemorySchemaRegistry;
import io.driftwatch.schemas.registry.SchemaRegistryClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * Who closes the registry client: a client given to a serde, serializer or deserializer stays its
 * giver's and is left open; a serde's serializer and deserializer both talk to the serde's client.
 * The configs name no registry, so a client made from them instead of the given one would fail.
 */
class RegistryOwnershipTest {

    private final CloseCountingRegistry registry = new CloseCountingRegistry();
    private final SchemaRegistryClient given = registry.client();

    @Test
    void specificSerdeSharesTheGivenClientAndLeavesItOpen() {
        try (Serde<OutcomeEvent> serde = new SpecificAvroSerde<>(OutcomeEvent.class, given)) {
            serde.configure(Map.of(), false);
            byte[] bytes = serde.serializer().serialize("topic", TestEvents.outcome());
            assertThat(serde.deserializer().deserialize("topic", bytes)).isEqualTo(TestEvents.outcome());
        }
        assertThat(registry.delegate.subjects()).containsExactly("topic-value");
        assertThat(registry.closes).isZero();
    }

    @Test
    void genericSerdeSharesTheGivenClientAndLeavesItOpen() {
        try (Serde<GenericRecord> serde = new GenericAvroSerde(given)) {
            serde.configure(Map.of(), true);
            byte[] bytes = serde.serializer().serialize("topic", TestEvents.outcome());
            assertThat(serde.deserializer().deserialize("topic", bytes).get("prediction_id").toString())
                    .isEqualTo("p-0001");
        }
        assertThat(registry.delegate.subjects()).containsExactly("topic-key");
        assertThat(registry.closes).isZero();
    }

    @Test
    void serializerAndDeserializerLeaveAGivenClientOpen() {
        AvroSerializer<OutcomeEvent> serializer = new AvroSerializer<>(given);
        GenericAvroDeserializer deserializer = new GenericAvroDeserializer(given);
        serializer.configure(Map.of(), false);
        deserializer.configure(Map.of(), false);
        byte[] bytes = serializer.serialize("topic", TestEvents.outcome());
        assertThat(deserializer.deserialize("topic", bytes).get("prediction_id").toString()).isEqualTo("p-0001");
        serializer.close();
        deserializer.close();
        assertThat(registry.closes).isZero();
    }

    /** An in-memory registry that counts the calls to close; every other call goes to the registry. */
    private static final class CloseCountingRegistry {
        final InMemorySchemaRegistry delegate = new InMemorySchemaRegistry();
        int closes;

        SchemaRegistryClient client() {
            return (SchemaRegistryClient) Proxy.newProxyInstance(SchemaRegistryClient.class.getClassLoader(),
                    new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            closes++;
                            return null;
                        }
                        try {
                            return method.invoke(delegate, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
