package io.driftwatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.RandomRecords;
import io.driftwatch.schemas.TestEvents;
import io.driftwatch.schemas.registry.InMemorySchemaRegistry;
import io.driftwatch.schemas.serde.EventDecodingException.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvroSerializerConfigTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    private AvroSerializer<OutcomeEvent> serializer(Map<String, Object> config, boolean isKey) {
        AvroSerializer<OutcomeEvent> serializer = new AvroSerializer<>(registry);
        serializer.configure(config, isKey);
        return serializer;
    }

    /** OutcomeEvent with one more field, as a later version of the contract might add it. */
    private static Schema outcomeWith(Schema.Field extra) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : OutcomeEvent.getClassSchema().getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(extra);
        return Schema.createRecord("OutcomeEvent", null, "io.driftwatch.schemas", false, fields);
    }

    private static GenericRecord readAs(Schema schema, byte[] wire) throws IOException {
        return new GenericDatumReader<GenericRecord>(schema).read(null,
                DecoderFactory.get().binaryDecoder(wire, 5, wire.length - 5, null));
    }

    @Test
    void withoutAutoRegistrationTheSchemaMustBeRegisteredAlready() {
        AvroSerializer<OutcomeEvent> serializer = serializer(Map.of("auto.register.schemas", false), false);
        assertThatThrownBy(() -> serializer.serialize("outcomes", TestEvents.outcome()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject 'outcomes-value' is not registered and auto.register.schemas is false");
        assertThat(registry.subjects()).isEmpty();

        registry.register("unrelated", PredictionEvent.getClassSchema());
        int id = registry.register("outcomes-value", OutcomeEvent.getClassSchema());
        AvroSerializer<OutcomeEvent> again = serializer(Map.of("auto.register.schemas", "false"), false);
        assertThat(WireFormat.schemaId(again.serialize("outcomes", TestEvents.outcome()))).isEqualTo(id);
        assertThat(registry.subjects()).containsExactly("outcomes-value", "unrelated");
    }

    @Test
    void useLatestVersionWritesTheLatestSchemaConvertingOlderRecords() throws IOException {
        Schema newer = outcomeWith(new Schema.Field("labeller", Schema.create(Schema.Type.STRING), null, "human"));
        registry.register("outcomes-value", OutcomeEvent.getClassSchema());
        int newerId = registry.register("outcomes-value", newer);
        AvroSerializer<OutcomeEvent> serializer = serializer(
                Map.of("auto.register.schemas", false, "use.latest.version", true), false);

        byte[] bytes = serializer.serialize("outcomes", TestEvents.outcome());
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(newerId);
        GenericRecord written = readAs(newer, bytes);
        assertThat(written.get("labeller")).hasToString("human");
        assertThat(written.get("prediction_id")).hasToString("p-0001");
        assertThat(written.get("event_time")).isEqualTo(TestEvents.outcome().getEventTime().toEpochMilli());

        // And a deserializer on the current class reads it back.
        SpecificAvroDeserializer<OutcomeEvent> deserializer = new SpecificAvroDeserializer<>(OutcomeEvent.class, registry);
        deserializer.configure(Map.of(), false);
        assertThat(deserializer.deserialize("outcomes", bytes)).isEqualTo(TestEvents.outcome());
    }

    @Test
    void useLatestVersionWithTheSameSchemaWritesItsId() {
        int id = registry.register("outcomes-value", OutcomeEvent.getClassSchema());
        AvroSerializer<OutcomeEvent> serializer = serializer(Map.of("auto.register.schemas", false, "use.latest.version", true), false);
        byte[] bytes = serializer.serialize("outcomes", TestEvents.outcome());
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
    }

    @Test
    void useLatestVersionRefusesALatestSchemaThatCannotReadTheRecords() {
        registry.register("outcomes-value", outcomeWith(new Schema.Field("labeller", Schema.create(Schema.Type.STRING))));
        AvroSerializer<OutcomeEvent> serializer = serializer(Map.of("auto.register.schemas", false, "use.latest.version", true), false);
        assertThatThrownBy(() -> serializer.serialize("outcomes", TestEvents.outcome()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot read records of io.driftwatch.schemas.OutcomeEvent")
                .hasMessageContaining("labeller");
    }

    @ParameterizedTest
    @CsvSource({
            "TopicNameStrategy,                                                false, outcomes-value",
            "TopicNameStrategy,                                                true,  outcomes-key",
            "io.confluent.kafka.serializers.subject.TopicNameStrategy,         true,  outcomes-key",
            "RecordNameStrategy,                                               false, io.driftwatch.schemas.OutcomeEvent",
            "io.confluent.kafka.serializers.subject.RecordNameStrategy,        true,  io.driftwatch.schemas.OutcomeEvent",
            "TopicRecordNameStrategy,                                          false, outcomes-io.driftwatch.schemas.OutcomeEvent",
            "TOPIC_RECORD_NAME,                                                true,  outcomes-io.driftwatch.schemas.OutcomeEvent"})
    void namesSubjectsAsConfluentsStrategiesDo(String strategy, boolean isKey, String subject) {
        String key = isKey ? "key.subject.name.strategy" : "value.subject.name.strategy";
        serializer(Map.of(key, strategy), isKey).serialize("outcomes", TestEvents.outcome());
        assertThat(registry.subjects()).containsExactly(subject);
    }

    @Test
    void refusesStrategiesItDoesNotKnow() {
        assertThatThrownBy(() -> serializer(Map.of("value.subject.name.strategy", "com.acme.MyStrategy"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("value.subject.name.strategy")
                .hasMessageContaining("custom strategies are not supported");
    }

    @Test
    void mustBeConfiguredBeforeUse() {
        assertThatThrownBy(() -> new AvroSerializer<OutcomeEvent>(registry).serialize("t", TestEvents.outcome()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("configure");
        assertThatThrownBy(() -> new SpecificAvroDeserializer<>(OutcomeEvent.class, registry).deserialize("t", new byte[] {0}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("configure");
    }

    @Test
    void aRecordThatDoesNotFitItsSchemaFailsAndTheNextOneIsFine() {
        AvroSerializer<OutcomeEvent> serializer = serializer(Map.of(), false);
        OutcomeEvent broken = TestEvents.outcome();
        broken.put("prediction_id", null);
        assertThatThrownBy(() -> serializer.serialize("outcomes", broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("could not serialize a io.driftwatch.schemas.OutcomeEvent for topic outcomes");
        byte[] bytes = serializer.serialize("outcomes", TestEvents.outcome());
        SpecificAvroDeserializer<OutcomeEvent> deserializer = new SpecificAvroDeserializer<>(OutcomeEvent.class, registry);
        deserializer.configure(Map.of(), false);
        assertThat(deserializer.deserialize("outcomes", bytes)).isEqualTo(TestEvents.outcome());
    }

    @Test
    void readingGeneratedClassesByTheWritersNameNeedsAvrosTrustOrAConfiguredType() {
        byte[] bytes = serializer(Map.of(), false).serialize("outcomes", TestEvents.outcome());
        AvroDeserializer byName = new AvroDeserializer(registry);
        byName.configure(Map.of("specific.avro.reader", true), false);
        assertThatThrownBy(() -> byName.deserialize("outcomes", bytes))
                .isInstanceOfSatisfying(EventDecodingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE_SCHEMA))
                .hasMessageContaining("specific.avro.value.type").hasMessageContaining("SERIALIZABLE_PACKAGES");

        AvroDeserializer byType = new AvroDeserializer(registry);
        byType.configure(Map.of("specific.avro.reader", true, "specific.avro.value.type", OutcomeEvent.class.getName()), false);
        assertThat(byType.deserialize("outcomes", bytes)).isEqualTo(TestEvents.outcome());

        assertThatThrownBy(() -> {
            SpecificAvroDeserializer<OutcomeEvent> wrong = new SpecificAvroDeserializer<>(null, registry);
            wrong.configure(Map.of("specific.avro.value.type", String.class), false);
        }).isInstanceOf(ConfigException.class).hasMessageContaining("not an Avro generated class");
    }

    @Test
    void oneSerializerMayBeSharedBetweenThreads() throws Exception {
        AvroSerializer<OutcomeEvent> serializer = serializer(Map.of(), false);
        SpecificAvroDeserializer<OutcomeEvent> deserializer = new SpecificAvroDeserializer<>(OutcomeEvent.class, registry);
        deserializer.configure(Map.of(), false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    RandomRecords random = new RandomRecords(seed);
                    for (int i = 0; i < 2000; i++) {
                        OutcomeEvent event = random.specific(OutcomeEvent.class);
                        OutcomeEvent back = deserializer.deserialize("outcomes", serializer.serialize("outcomes", event));
                        if (!back.equals(event)) {
                            throw new AssertionError(event + " came back as " + back);
                        }
                    }
                    return 2000;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(2000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void bothRegistrationSettingsOnMeansRegistration() {
        Map<String, Object> config = new HashMap<>();
        config.put("auto.register.schemas", true);
        config.put("use.latest.version", true);
        byte[] bytes = serializer(config, false).serialize("outcomes", TestEvents.outcome());
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(registry.getId("outcomes-value", OutcomeEvent.getClassSchema()));
    }
}
