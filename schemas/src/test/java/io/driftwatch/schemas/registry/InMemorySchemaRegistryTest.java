package io.driftwatch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    private static Schema thing(boolean withDefaultedField, boolean withRequiredField) {
        var fields = SchemaBuilder.record("Thing").namespace("t").fields().requiredString("a");
        if (withDefaultedField) {
            fields = fields.name("b").type().intType().intDefault(0);
        }
        if (withRequiredField) {
            fields = fields.requiredLong("c");
        }
        return fields.endRecord();
    }

    @Test
    void assignsIdsAsARegistryDoes() {
        int outcome = registry.register("outcomes-value", OutcomeEvent.getClassSchema());
        int prediction = registry.register("predictions-value", PredictionEvent.getClassSchema());
        assertThat(outcome).isEqualTo(1);
        assertThat(prediction).isEqualTo(2);
        assertThat(registry.register("outcomes-value", OutcomeEvent.getClassSchema())).isEqualTo(1);
        assertThat(registry.register("other-topic-value", OutcomeEvent.getClassSchema())).isEqualTo(1);
        assertThat(registry.getSchemaById(2)).isEqualTo(PredictionEvent.getClassSchema());
        assertThat(registry.getId("other-topic-value", OutcomeEvent.getClassSchema())).isEqualTo(1);
        assertThat(registry.getLatestSchema("outcomes-value")).isEqualTo(
                new RegisteredSchema("outcomes-value", 1, 1, OutcomeEvent.getClassSchema()));
        assertThat(registry.subjects()).containsExactly("other-topic-value", "outcomes-value", "predictions-value");
    }

    @Test
    void newVersionsMustReadTheLatestAsConfluentsDefaultBackwardRuleSays() {
        assertThat(registry.register("t", thing(false, false))).isEqualTo(1);
        assertThat(registry.register("t", thing(true, false))).isEqualTo(2);
        assertThat(registry.getLatestSchema("t").version()).isEqualTo(2);
        assertThatThrownBy(() -> registry.register("t", thing(true, true)))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(409);
                })
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE").hasMessageContaining("c");
        assertThat(registry.getLatestSchema("t").version()).isEqualTo(2);
    }

    @Test
    void unknownThingsFailWithTheRegistrysCodes() {
        assertThatThrownBy(() -> registry.getSchemaById(9))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isSchemaNotFound()).isTrue());
        assertThatThrownBy(() -> registry.getLatestSchema("none"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isSubjectNotFound()).isTrue());
        registry.register("s", thing(false, false));
        assertThatThrownBy(() -> registry.getId("s", OutcomeEvent.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isSchemaNotFound()).isTrue());
    }

    @Test
    void concurrentRegistrationsAgreeOnOneId() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> ids = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String subject = "s" + (i % 4);
                ids.add(pool.submit(() -> registry.register(subject, PredictionEvent.getClassSchema())));
            }
            for (Future<Integer> id : ids) {
                assertThat(id.get()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void scopesAreSharedUntilDropped() {
        InMemorySchemaRegistry first = MockSchemaRegistry.scope("scope-test");
        assertThat(MockSchemaRegistry.scope("scope-test")).isSameAs(first);
        assertThat(MockSchemaRegistry.scope("scope-test-other")).isNotSameAs(first);
        first.register("s", OutcomeEvent.getClassSchema());
        MockSchemaRegistry.dropScope("scope-test");
        MockSchemaRegistry.dropScope("scope-test-other");
        assertThat(MockSchemaRegistry.scope("scope-test").subjects()).isEmpty();
        MockSchemaRegistry.dropScope("scope-test");
    }
}
