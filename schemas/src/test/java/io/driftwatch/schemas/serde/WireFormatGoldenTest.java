package io.driftwatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.registry.RegisteredSchema;
import io.driftwatch.schemas.registry.SchemaRegistryClient;
import io.driftwatch.schemas.registry.SchemaRegistryException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Fixed records encode to fixed bytes. The expected bytes are derived by hand from the Avro
 * specification (zig-zag varints, little-endian IEEE doubles, union branch index before the value,
 * map blocks ended by a zero count) and the wire format (magic byte 0, big-endian schema id), not
 * produced by the code under test.
 */
class WireFormatGoldenTest {

    /** A registry that gives every schema the id 0x01020304, so each header byte is distinct. */
    private static final SchemaRegistryClient FIXED_ID = new SchemaRegistryClient() {
        @Override
        public int register(String subject, Schema schema) {
            return 0x01020304;
        }

        @Override
        public Schema getSchemaById(int id) {
            if (id != 0x01020304) {
                throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
            }
            return OutcomeEvent.getClassSchema();
        }

        @Override
        public int getId(String subject, Schema schema) {
            return 0x01020304;
        }

        @Override
        public RegisteredSchema getLatestSchema(String subject) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void outcomeEventEncodesToTheBytesTheSpecificationGives() {
        OutcomeEvent outcome = new OutcomeEvent("p1", "m", null, Instant.ofEpochMilli(1000), "1", -1.5);
        byte[] expected = bytes(
                0x00, //                                  magic byte
                0x01, 0x02, 0x03, 0x04, //                schema id 16909060, big-endian
                0x04, 0x70, 0x31, //                      prediction_id: length 2 (zig-zag 4), "p1"
                0x02, 0x6D, //                            model_id: length 1 (zig-zag 2), "m"
                0x00, //                                  model_version: union branch 0 (null)
                0xD0, 0x0F, //                            event_time 1000 ms: zig-zag 2000 = 0x50 | 0x80, 0x0F
                0x02, 0x02, 0x31, //                      label: branch 1 (string), length 1, "1"
                0x02, 0, 0, 0, 0, 0, 0, 0xF8, 0xBF); //   value: branch 1 (double), -1.5 = 0xBFF8000000000000 LE

        AvroSerializer<OutcomeEvent> serializer = new AvroSerializer<>(FIXED_ID);
        serializer.configure(Map.of(), false);
        assertThat(serializer.serialize("outcomes", outcome)).isEqualTo(expected);

        SpecificAvroDeserializer<OutcomeEvent> deserializer = new SpecificAvroDeserializer<>(OutcomeEvent.class, FIXED_ID);
        deserializer.configure(Map.of(), false);
        assertThat(deserializer.deserialize("outcomes", expected)).isEqualTo(outcome);
    }

    @Test
    void predictionEventEncodesToTheBytesTheSpecificationGives() {
        Map<String, Object> features = new HashMap<>();
        features.put("x", 2.0);
        PredictionEvent prediction = new PredictionEvent("a", "m", "1", Instant.ofEpochMilli(1), features,
                new Prediction(null, 0.5, null, null), null, false, null, new HashMap<>(), null, null);
        byte[] expected = bytes(
                0x00, 0x01, 0x02, 0x03, 0x04, //          header
                0x02, 0x61, //                            prediction_id "a"
                0x02, 0x6D, //                            model_id "m"
                0x02, 0x31, //                            model_version "1"
                0x02, //                                  event_time 1 ms: zig-zag 2
                0x02, //                                  features: a block of 1 entry (zig-zag 2)
                0x02, 0x78, //                              key "x"
                0x02, 0, 0, 0, 0, 0, 0, 0, 0x40, //         branch 1 (double), 2.0 = 0x4000000000000000 LE
                0x00, //                                    end of map
                0x00, //                                  prediction.label: null
                0x02, 0, 0, 0, 0, 0, 0, 0xE0, 0x3F, //    prediction.score: branch 1, 0.5 = 0x3FE0000000000000 LE
                0x00, //                                  prediction.probabilities: null
                0x00, //                                  prediction.value: null
                0x00, //                                  latency_ms: null
                0x00, //                                  error: false
                0x00, //                                  error_message: null
                0x00, //                                  segments: empty map
                0x00, //                                  request_id: null (v2)
                0x00); //                                 deployment_role: null (v2)

        AvroSerializer<PredictionEvent> serializer = new AvroSerializer<>(FIXED_ID);
        serializer.configure(Map.of(), false);
        assertThat(serializer.serialize("predictions", prediction)).isEqualTo(expected);
    }

    @Test
    void headerHoldsTheIdBigEndian() {
        assertThat(WireFormat.header(0x01020304)).containsExactly(0, 1, 2, 3, 4);
        assertThat(WireFormat.header(-2)).containsExactly(0, 0xFF, 0xFF, 0xFF, 0xFE);
        assertThat(WireFormat.schemaId(bytes(0, 0x7F, 0xFF, 0xFF, 0xFF))).isEqualTo(Integer.MAX_VALUE);
        assertThat(WireFormat.schemaId(bytes(0, 0, 0, 1, 0))).isEqualTo(256);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
