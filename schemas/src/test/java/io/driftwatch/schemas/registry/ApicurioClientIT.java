package io.driftwatch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.TestEvents;
import io.driftwatch.schemas.json.UnknownFieldPolicy;
import io.driftwatch.schemas.serde.AvroSerializer;
import io.driftwatch.schemas.serde.DecodedEvent;
import io.driftwatch.schemas.serde.EventDecodingException;
import io.driftwatch.schemas.serde.GenericAvroDeserializer;
import io.driftwatch.schemas.serde.InputEventDecoder;
import io.driftwatch.schemas.serde.SpecificAvroDeserializer;
import io.driftwatch.schemas.serde.WireFormat;
import io.driftwatch.schemas.testkit.ApicurioRegistry;
import io.driftwatch.schemas.testkit.EvolvedSchema;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RestSchemaRegistryClient} and the serdes against a real registry: Apicurio Registry's
 * Confluent-compatible API ({@link ApicurioRegistry}), one server for the class. Each test uses
 * its own subjects. Whether a lookup reached the server is read from the server's own request
 * counts, not inferred from timing.
 */
class ApicurioClientIT {

    /** v2 of PredictionEvent: a new optional field with a default, a backward-compatible change. */
    private static final Schema PREDICTION_V2 = EvolvedSchema.withField(PredictionEvent.getClassSchema(),
        "{\"name\": \"served_by\", \"type\": [\"null\", \"string\"], \"default\": null}");
    /** A new required field without a default: readers of the new schema cannot read old data. */
    private static final Schema PREDICTION_INCOMPATIBLE = EvolvedSchema.withField(PredictionEvent.getClassSchema(),
        "{\"name\": \"tenant_tier\", \"type\": \"string\"}");

    @TempDir
    static Path dir;
    private static ApicurioRegistry registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = ApicurioRegistry.start(dir);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static RestSchemaRegistryClient client() {
        return new RestSchemaRegistryClient(RegistryClientConfig.of(URI.create(registry.ccompatUrl())));
    }

    private static Map<String, Object> serdeConfig(Object... more) {
        Map<String, Object> config = new HashMap<>();
        // With a trailing slash, as users write it: the client must not send '//subjects'.
        config.put("schema.registry.url", registry.ccompatUrl() + "/");
        for (int i = 0; i < more.length; i += 2) {
            config.put((String) more[i], more[i + 1]);
        }
        return config;
    }

    @Test
    void registersAndLooksUpBySubjectAndById() {
        Schema schema = PredictionEvent.getClassSchema();
        try (RestSchemaRegistryClient writer = client(); RestSchemaRegistryClient reader = client()) {
            int id = writer.register("lookups-value", schema);

            assertThat(client().register("lookups-value", schema)).as("the same schema again: the same id").isEqualTo(id);
            assertThat(reader.getSchemaById(id)).isEqualTo(schema);
            assertThat(reader.getId("lookups-value", schema)).isEqualTo(id);
            RegisteredSchema latest = reader.getLatestSchema("lookups-value");
            assertThat(latest.subject()).isEqualTo("lookups-value");
            assertThat(latest.version()).isEqualTo(1);
            assertThat(latest.id()).isEqualTo(id);
            assertThat(latest.schema()).isEqualTo(schema);
            assertThat(writer.register("lookups-copy-value", schema)).as("the same schema under another subject").isEqualTo(id);
        }
    }

    @Test
    void answersForWhatTheRegistryDoesNotHoldCarryTheRegistrysErrorCodes() {
        try (RestSchemaRegistryClient client = client()) {
            client.register("missing-value", OutcomeEvent.getClassSchema());

            assertThatThrownBy(() -> client.getSchemaById(987_654))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.isSchemaNotFound()).isTrue();
                });
            assertThatThrownBy(() -> client.getLatestSchema("no-such-subject"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isSubjectNotFound()).isTrue());
            assertThatThrownBy(() -> client.getId("no-such-subject", OutcomeEvent.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isSubjectNotFound()).isTrue());
            assertThatThrownBy(() -> client.getId("missing-value", PredictionEvent.getClassSchema()))
                .as("a schema the subject does not have")
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isSchemaNotFound()).isTrue());
        }
    }

    @Test
    void repeatedLookupsAreAnsweredFromTheCacheWithoutReachingTheServer() throws Exception {
        Schema schema = OutcomeEvent.getClassSchema();
        int id;
        try (RestSchemaRegistryClient writer = client()) {
            long registrations = registry.requestCount("POST", "/subjects/{subject}/versions");
            id = writer.register("cache-value", schema);
            assertThat(writer.register("cache-value", schema)).isEqualTo(id);
            assertThat(writer.getSchemaById(id)).as("known from registering it").isEqualTo(schema);
            assertThat(registry.requestCount("POST", "/subjects/{subject}/versions")).isEqualTo(registrations + 1);
        }

        try (RestSchemaRegistryClient reader = client()) {
            long byId = registry.requestCount("GET", "/schemas/ids/{id}");
            long bySubject = registry.requestCount("POST", "/subjects/{subject}");
            for (int i = 0; i < 3; i++) {
                assertThat(reader.getSchemaById(id)).isEqualTo(schema);
                assertThat(reader.getId("cache-value", schema)).isEqualTo(id);
            }
            // One request each: the count proves the server sees this client, and that it saw no more.
            assertThat(registry.requestCount("GET", "/schemas/ids/{id}")).isEqualTo(byId + 1);
            assertThat(registry.requestCount("POST", "/subjects/{subject}")).isEqualTo(bySubject + 1);
        }
    }

    @Test
    void serializerRegistersAndEveryDeserializerReadsTheRecordBack() throws Exception {
        PredictionEvent event = TestEvents.prediction();
        byte[] bytes;
        try (AvroSerializer<PredictionEvent> serializer = new AvroSerializer<>()) {
            serializer.configure(serdeConfig(), false);
            bytes = serializer.serialize("serde", event);
        }
        int id;
        try (RestSchemaRegistryClient client = client()) {
            id = client.getId("serde-value", PredictionEvent.getClassSchema());
        }
        assertThat(WireFormat.schemaId(bytes)).as("the id in the header is the registry's").isEqualTo(id);
        assertThat(registry.versions("serde-value")).containsExactly(1);

        try (SpecificAvroDeserializer<PredictionEvent> specific = new SpecificAvroDeserializer<>(PredictionEvent.class);
             GenericAvroDeserializer generic = new GenericAvroDeserializer();
             InputEventDecoder<PredictionEvent> input = InputEventDecoder.predictions(serdeConfig(), UnknownFieldPolicy.IGNORE)) {
            specific.configure(serdeConfig(), false);
            generic.configure(serdeConfig(), false);

            assertThat(specific.deserialize("serde", bytes)).isEqualTo(event);
            assertThat(generic.deserialize("serde", bytes).get("prediction_id")).hasToString(event.getPredictionId());
            DecodedEvent<PredictionEvent> decoded = input.decode(bytes);
            assertThat(decoded.event()).isEqualTo(event);
            assertThat(decoded.schemaId()).isEqualTo(id);
        }

        // Producers that do not register: look the id up, or write with the subject's latest schema.
        for (Object useLatest : List.of(false, true)) {
            try (AvroSerializer<PredictionEvent> lookup = new AvroSerializer<>()) {
                lookup.configure(serdeConfig("auto.register.schemas", false, "use.latest.version", useLatest), false);
                assertThat(lookup.serialize("serde", event)).as("use.latest.version=%s", useLatest).isEqualTo(bytes);
            }
        }
    }

    @Test
    void aRecordWithAnIdTheRegistryDoesNotKnowIsRejectedAsTheRecordsFault() {
        byte[] bytes = new byte[] {WireFormat.MAGIC_BYTE, 0x00, 0x0F, 0x42, 0x3F, 0x02};

        try (InputEventDecoder<PredictionEvent> input = InputEventDecoder.predictions(serdeConfig(), UnknownFieldPolicy.IGNORE)) {
            assertThatThrownBy(() -> input.decode(bytes))
                .isInstanceOfSatisfying(EventDecodingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(EventDecodingException.Reason.UNKNOWN_SCHEMA_ID);
                    assertThat(e.reason().isRecordFault()).isTrue();
                });
        }
    }

    @Test
    void aBackwardCompatibleNewVersionIsRegisteredAndRecordsOfBothVersionsAreRead() throws Exception {
        PredictionEvent event = TestEvents.prediction();
        GenericRecord v2 = EvolvedSchema.toGeneric(event, PREDICTION_V2);
        v2.put("served_by", "canary-7");

        byte[] v1Bytes;
        byte[] v2Bytes;
        try (AvroSerializer<PredictionEvent> v1Producer = new AvroSerializer<>();
             AvroSerializer<GenericRecord> v2Producer = new AvroSerializer<>()) {
            v1Producer.configure(serdeConfig(), false);
            v2Producer.configure(serdeConfig(), false);
            v1Bytes = v1Producer.serialize("evolving", event);
            registry.setCompatibility("evolving-value", "BACKWARD");
            v2Bytes = v2Producer.serialize("evolving", v2);
        }

        assertThat(registry.versions("evolving-value")).containsExactly(1, 2);
        assertThat(WireFormat.schemaId(v2Bytes)).isNotEqualTo(WireFormat.schemaId(v1Bytes));
        try (InputEventDecoder<PredictionEvent> input = InputEventDecoder.predictions(serdeConfig(), UnknownFieldPolicy.IGNORE);
             GenericAvroDeserializer generic = new GenericAvroDeserializer()) {
            generic.configure(serdeConfig(), false);
            assertThat(input.decode(v1Bytes).event()).isEqualTo(event);
            assertThat(input.decode(v2Bytes).event()).as("v2 read as the current class: the new field is skipped")
                .isEqualTo(event);
            assertThat(generic.deserialize("evolving", v2Bytes).get("served_by")).hasToString("canary-7");
        }

        // A producer still on v1 that writes with the latest schema: its records become v2 records.
        try (AvroSerializer<PredictionEvent> latest = new AvroSerializer<>();
             GenericAvroDeserializer generic = new GenericAvroDeserializer()) {
            latest.configure(serdeConfig("auto.register.schemas", false, "use.latest.version", true), false);
            generic.configure(serdeConfig(), false);
            byte[] converted = latest.serialize("evolving", event);
            assertThat(WireFormat.schemaId(converted)).isEqualTo(WireFormat.schemaId(v2Bytes));
            GenericRecord read = generic.deserialize("evolving", converted);
            assertThat(read.getSchema().getField("served_by")).isNotNull();
            assertThat(read.get("served_by")).isNull();
        }
    }

    @Test
    void anIncompatibleSchemaIsRefusedWithTheSubjectTheStatusAndTheRegistrysMessage() throws Exception {
        PredictionEvent event = TestEvents.prediction();
        GenericData.Record incompatible = EvolvedSchema.copyInto(EvolvedSchema.toGeneric(event, event.getSchema()),
            PREDICTION_INCOMPATIBLE);
        incompatible.put("tenant_tier", "gold");
        try (AvroSerializer<PredictionEvent> v1Producer = new AvroSerializer<>()) {
            v1Producer.configure(serdeConfig(), false);
            v1Producer.serialize("refusing", event);
        }
        registry.setCompatibility("refusing-value", "BACKWARD");
        // What the registry itself says to this schema, asked directly rather than through the client.
        ApicurioRegistry.Answer direct = registry.register("refusing-value", PREDICTION_INCOMPATIBLE);
        assertThat(direct.status()).as("%s", direct.body()).isEqualTo(409);
        String registryMessage = direct.body().path("message").asText();
        assertThat(registryMessage).isNotBlank();

        try (AvroSerializer<GenericRecord> producer = new AvroSerializer<>()) {
            producer.configure(serdeConfig(), false);
            assertThatThrownBy(() -> producer.serialize("refusing", incompatible))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject 'refusing-value'")
                .hasMessageContaining("incompatible")
                .hasMessageContaining("HTTP 409")
                .hasMessageContaining(registryMessage);
        }
        try (RestSchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.register("refusing-value", PREDICTION_INCOMPATIBLE))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.getMessage()).contains("subject 'refusing-value'", "HTTP 409", registryMessage);
                });
        }
        assertThat(registry.versions("refusing-value")).as("nothing registered").containsExactly(1);
    }
}
