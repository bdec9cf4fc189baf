package io.driftwatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.RandomRecords;
import io.driftwatch.schemas.TestEvents;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import io.driftwatch.schemas.json.UnknownFieldPolicy;
import io.driftwatch.schemas.registry.InMemorySchemaRegistry;
import io.driftwatch.schemas.registry.MockSchemaRegistry;
import io.driftwatch.schemas.registry.RegisteredSchema;
import io.driftwatch.schemas.registry.SchemaRegistryClient;
import io.driftwatch.schemas.registry.SchemaRegistryException;
import io.driftwatch.schemas.registry.UnsupportedSchemaException;
import io.driftwatch.schemas.serde.EventDecodingException.Reason;
import io.driftwatch.schemas.validation.EventValidator;
import io.driftwatch.schemas.validation.ValidationLimits;
import io.driftwatch.schemas.validation.ValidationReason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class InputEventDecoderTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final InputEventDecoder<PredictionEvent> predictions = InputEventDecoder.predictions(registry);
    private final InputEventDecoder<OutcomeEvent> outcomes = InputEventDecoder.outcomes(registry);

    private <T extends SpecificRecord> byte[] avro(String topic, T record) {
        AvroSerializer<T> serializer = new AvroSerializer<>(registry);
        serializer.configure(Map.of(), false);
        return serializer.serialize(topic, record);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private EventDecodingException failure(InputEventDecoder<?> decoder, byte[] data) {
        try {
            decoder.decode(data);
        } catch (EventDecodingException e) {
            return e;
        }
        throw new AssertionError("decoded " + Arrays.toString(data));
    }

    @Test
    void decodesAvroAndSaysSoWithTheSchemaId() {
        byte[] bytes = avro("predictions", TestEvents.prediction());
        DecodedEvent<PredictionEvent> decoded = predictions.decode(bytes);
        assertThat(decoded.event()).isEqualTo(TestEvents.prediction());
        assertThat(decoded.format()).isEqualTo(InputFormat.AVRO);
        assertThat(decoded.schemaId()).isEqualTo(registry.getId("predictions-value", PredictionEvent.getClassSchema()));
        assertThat(predictions.deserialize("predictions", bytes)).isEqualTo(TestEvents.prediction());
    }

    @Test
    void streamThreadsDecodingAtOnceEachGetWhatWasWritten() throws Exception {
        // One decoder serves every stream thread; each thread keeps its own reader and binary decoder.
        List<byte[]> written = new ArrayList<>();
        List<PredictionEvent> expected = new ArrayList<>();
        RandomRecords random = new RandomRecords(7);
        for (int i = 0; i < 50; i++) {
            PredictionEvent event = random.specific(PredictionEvent.class);
            expected.add(event);
            written.add(avro("predictions", event));
        }
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(threads.submit(() -> {
                    int decoded = 0;
                    for (int round = 0; round < 200; round++) {
                        for (int i = 0; i < written.size(); i++) {
                            assertThat(predictions.decode(written.get(i)).event()).isEqualTo(expected.get(i));
                            decoded++;
                        }
                    }
                    return decoded;
                }));
            }
            for (java.util.concurrent.Future<Integer> result : results) {
                assertThat(result.get(2, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo(200 * written.size());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void decodesJsonAfterWhiteSpaceOrAByteOrderMark() {
        String json = new PredictionEventJsonCodec().encodeToString(TestEvents.prediction());
        for (String framing : new String[] {"", "  \n\t\r", "\uFEFF", "\uFEFF \n"}) {
            DecodedEvent<PredictionEvent> decoded = predictions.decode(utf8(framing + json + "\n"));
            assertThat(decoded.event()).isEqualTo(TestEvents.prediction());
            assertThat(decoded.format()).isEqualTo(InputFormat.JSON);
            assertThat(decoded.schemaId()).isEqualTo(DecodedEvent.NO_SCHEMA_ID);
        }
        DecodedEvent<OutcomeEvent> outcome = outcomes.decode(utf8(
                "{\"prediction_id\":\"p-0001\",\"model_id\":\"fraud-scorer\",\"model_version\":\"3\","
                        + "\"event_time\":\"2026-11-22T11:15:30.250Z\",\"label\":1}"));
        assertThat(outcome.event()).isEqualTo(TestEvents.outcome());
    }

    @Test
    void bothFormatsGiveTheSameEventAndTheSameVerdict() {
        EventValidator validator = new EventValidator(ValidationLimits.defaults(),
                Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));
        PredictionEvent negativeLatency = TestEvents.prediction();
        negativeLatency.setLatencyMs(-3.0);
        PredictionEvent fromAvro = predictions.decode(avro("predictions", negativeLatency)).event();
        PredictionEvent fromJson = predictions.decode(new PredictionEventJsonCodec().encode(negativeLatency)).event();
        assertThat(fromJson).isEqualTo(fromAvro);
        assertThat(validator.validate(fromAvro).reason()).isEqualTo(ValidationReason.NEGATIVE_LATENCY);
        assertThat(validator.validate(fromJson)).isEqualTo(validator.validate(fromAvro));
    }

    @Test
    void emptyAndNullRecordsAreEmpty() {
        assertThat(failure(predictions, null).reason()).isEqualTo(Reason.EMPTY);
        assertThat(failure(predictions, new byte[0]).reason()).isEqualTo(Reason.EMPTY);
        assertThat(predictions.deserialize("predictions", null)).isNull();
        assertThat(failure(predictions, utf8("  \n")))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MAGIC_BYTE))
                .hasMessageContaining("only white space");
    }

    @Test
    void anUnexpectedFirstByteIsNamed() {
        EventDecodingException e = failure(predictions, new byte[] {1, 0, 0, 0, 1, 2});
        assertThat(e.reason()).isEqualTo(Reason.BAD_MAGIC_BYTE);
        assertThat(e.format()).isEqualTo(InputFormat.UNKNOWN);
        assertThat(e).hasMessageContaining("starts with 0x01").hasMessageContaining("magic byte 0x00");
        assertThat(failure(predictions, utf8("[{\"prediction_id\": \"p\"}]"))).hasMessageContaining("JSON array");
        assertThat(failure(predictions, utf8("prediction_id=p"))).hasMessageContaining("('p')");
    }

    @Test
    void truncatedRecordsAreTruncated() {
        EventDecodingException header = failure(predictions, new byte[] {0, 0, 1});
        assertThat(header.reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(header).hasMessageContaining("3 bytes, fewer than the 5-byte wire-format header");

        byte[] bytes = avro("predictions", TestEvents.prediction());
        EventDecodingException body = failure(predictions, Arrays.copyOf(bytes, bytes.length - 3));
        assertThat(body.reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(body.format()).isEqualTo(InputFormat.AVRO);
        assertThat(body).hasMessageContaining("ends before a complete io.driftwatch.schemas.PredictionEvent");
        assertThat(body.reason().isRecordFault()).isTrue();
    }

    @Test
    void aLengthOrCountBeyondTheDataIsTruncationNotAnAllocation() {
        byte[] header = avro("predictions", TestEvents.prediction());
        // prediction_id claims 2^30 bytes: zig-zag 2^31 as a varint.
        byte[] longString = {0, header[1], header[2], header[3], header[4], (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        EventDecodingException e = failure(predictions, longString);
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.TRUNCATED);
        // features claims a block of 2^28 entries, then the data ends.
        byte[] manyFeatures = {0, header[1], header[2], header[3], header[4], 2, 'a', 2, 'm', 2, '1', 2,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x02, 2, 'x', 0};
        assertThat(failure(predictions, manyFeatures).reason()).isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void unknownAndNegativeSchemaIdsAreUnknown() {
        EventDecodingException unknown = failure(predictions, new byte[] {0, 0, 0, 3, (byte) 0xE7, 2, 0x61});
        assertThat(unknown.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID);
        assertThat(unknown.reason().isRecordFault()).isTrue();
        assertThat(unknown).hasMessageContaining("schema id 999 is not known to the Schema Registry");
        EventDecodingException negative = failure(predictions, new byte[] {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0});
        assertThat(negative.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID);
        assertThat(negative).hasMessageContaining("-1");
    }

    @Test
    void dataThatDoesNotMatchItsSchemaIsAnAvroDecodeError() {
        byte[] bytes = avro("outcomes", new OutcomeEvent("p1", "m", null, Instant.ofEpochMilli(1000), "1", null));
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 2);
        assertThat(failure(outcomes, trailing))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.AVRO_DECODE_ERROR))
                .hasMessageContaining("bytes left over");
        byte[] badUnion = bytes.clone();
        assertThat(badUnion[10]).as("model_version's union index").isEqualTo((byte) 0);
        badUnion[10] = 0x0A; // branch 5 of a two-branch union
        assertThat(failure(outcomes, badUnion).reason()).isEqualTo(Reason.AVRO_DECODE_ERROR);
    }

    @Test
    void recordsOfAnotherTypeAreAnIncompatibleSchema() {
        byte[] alert = avro("predictions", new RandomRecords(5).specific(Alert.class));
        EventDecodingException e = failure(predictions, alert);
        assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE_SCHEMA);
        assertThat(e).hasMessageContaining("io.driftwatch.schemas.Alert cannot be resolved to io.driftwatch.schemas.PredictionEvent");
        // The verdict is kept per schema id: the second record fails the same way without asking again.
        assertThat(failure(predictions, alert).reason()).isEqualTo(Reason.INCOMPATIBLE_SCHEMA);
    }

    @Test
    void registryTroubleIsNotTheRecordsFault() {
        byte[] bytes = new byte[] {0, 0, 0, 0, 7, 2, 0x61};
        EventDecodingException down = failure(InputEventDecoder.predictions(failingRegistry(
                new SchemaRegistryException(0, 0, "could not reach the registry"))), bytes);
        assertThat(down.reason()).isEqualTo(Reason.REGISTRY_UNAVAILABLE);
        assertThat(down.reason().isRecordFault()).isFalse();
        EventDecodingException denied = failure(InputEventDecoder.predictions(failingRegistry(
                new SchemaRegistryException(403, 40301, "User is denied operation"))), bytes);
        assertThat(denied.reason()).isEqualTo(Reason.REGISTRY_ERROR);
        assertThat(denied.reason().isRecordFault()).isFalse();
        EventDecodingException protobuf = failure(InputEventDecoder.predictions(failingRegistry(
                new UnsupportedSchemaException("schema id 7 is a PROTOBUF schema", null))), bytes);
        assertThat(protobuf.reason()).isEqualTo(Reason.INCOMPATIBLE_SCHEMA);
        assertThat(protobuf).hasMessageContaining("PROTOBUF");
    }

    @Test
    void jsonShapeErrorsKeepTheirReasonAndPath() {
        EventDecodingException missing = failure(predictions, utf8("{\"prediction_id\": \"p\"}"));
        assertThat(missing.reason()).isEqualTo(Reason.MISSING_FIELD);
        assertThat(missing.format()).isEqualTo(InputFormat.JSON);
        assertThat(missing).hasMessageContaining("$.model_id");
        assertThat(failure(predictions, utf8("{\"prediction_id\": }")).reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(failure(outcomes, utf8("{\"prediction_id\": 5}")).reason()).isEqualTo(Reason.WRONG_TYPE);
        InputEventDecoder<OutcomeEvent> strict = InputEventDecoder.outcomes(registry, UnknownFieldPolicy.REJECT);
        assertThat(failure(strict, utf8("{\"x\": 1}")).reason()).isEqualTo(Reason.UNKNOWN_FIELD);
    }

    @Test
    void failuresAreCheapSerializationExceptions() {
        EventDecodingException e = failure(predictions, new byte[] {7});
        assertThat(e).isInstanceOf(SerializationException.class);
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void readsRecordsWrittenWithAnOlderOrNewerSchemaVersion() {
        Schema current = OutcomeEvent.getClassSchema();
        // An older producer: no model_version, label or value. A newer one: an extra field.
        List<Schema.Field> olderFields = new ArrayList<>();
        List<Schema.Field> newerFields = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            if (Set.of("prediction_id", "model_id", "event_time").contains(field.name())) {
                olderFields.add(new Schema.Field(field, field.schema()));
            }
            newerFields.add(new Schema.Field(field, field.schema()));
        }
        newerFields.add(new Schema.Field("labeller", Schema.create(Schema.Type.STRING), "Who labelled it.", "human"));
        Schema older = Schema.createRecord(current.getName(), null, current.getNamespace(), false, olderFields);
        Schema newer = Schema.createRecord(current.getName(), null, current.getNamespace(), false, newerFields);

        int olderId = registry.register("old-outcomes", older);
        int newerId = registry.register("new-outcomes", newer);
        GenericRecord fromOlder = new GenericData.Record(older);
        fromOlder.put("prediction_id", "p");
        fromOlder.put("model_id", "m");
        fromOlder.put("event_time", 5L);
        OutcomeEvent read = outcomes.decode(wire(olderId, RandomRecords.write(older, fromOlder))).event();
        assertThat(read).isEqualTo(new OutcomeEvent("p", "m", null, Instant.ofEpochMilli(5), null, null));

        GenericRecord fromNewer = new GenericData.Record(newer);
        fromNewer.put("prediction_id", "p");
        fromNewer.put("model_id", "m");
        fromNewer.put("event_time", 5L);
        fromNewer.put("label", "1");
        fromNewer.put("labeller", "robot");
        DecodedEvent<OutcomeEvent> decoded = outcomes.decode(wire(newerId, RandomRecords.write(newer, fromNewer)));
        assertThat(decoded.event()).isEqualTo(new OutcomeEvent("p", "m", null, Instant.ofEpochMilli(5), "1", null));
        assertThat(decoded.schemaId()).isEqualTo(newerId);
    }

    @Test
    void aDecoderFromConfigsOwnsItsRegistryClient() {
        String scope = "decoder-" + System.nanoTime();
        try (InputEventDecoder<OutcomeEvent> decoder = InputEventDecoder.outcomes(
                Map.of("schema.registry.url", "mock://" + scope), UnknownFieldPolicy.IGNORE)) {
            AvroSerializer<OutcomeEvent> serializer = new AvroSerializer<>();
            serializer.configure(Map.of("schema.registry.url", "mock://" + scope), false);
            assertThat(decoder.decode(serializer.serialize("outcomes", TestEvents.outcome())).event()).isEqualTo(TestEvents.outcome());
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }

    private static byte[] wire(int id, byte[] avro) {
        byte[] bytes = new byte[avro.length + 5];
        System.arraycopy(WireFormat.header(id), 0, bytes, 0, 5);
        System.arraycopy(avro, 0, bytes, 5, avro.length);
        return bytes;
    }

    private static SchemaRegistryClient failingRegistry(SchemaRegistryException failure) {
        return new SchemaRegistryClient() {
            @Override
            public int register(String subject, Schema schema) {
                throw failure;
            }

            @Override
            public Schema getSchemaById(int id) {
                throw failure;
            }

            @Override
            public int getId(String subject, Schema schema) {
                throw failure;
            }

            @Override
            public RegisteredSchema getLatestSchema(String subject) {
                throw failure;
            }
        };
    }
}
