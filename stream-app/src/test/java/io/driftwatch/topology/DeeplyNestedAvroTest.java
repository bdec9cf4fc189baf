package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.ingest.DeadLetterHeaders;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.registry.MockSchemaRegistry;
import io.driftwatch.schemas.serde.TrustedSpecificData;
import io.driftwatch.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A producer registers a compatible PredictionEvent schema with one more field (a recursive record the monitor
 * does not know, so Avro's resolving reader skips it) and sends one record of 100 KB whose field nests 100,000
 * levels deep. Skipping it recurses once per level: a StackOverflowError, which must make that record a dead
 * letter, not kill the stream thread on every retry of it.
 */
class DeeplyNestedAvroTest {

    private static final Instant NOW = Instant.now();

    @Test
    void aDeeplyNestedFieldTheMonitorSkipsIsADeadLetterNotADeadThread() throws Exception {
        String scope = "deeply-nested-" + System.nanoTime();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("input.format", "avro");
        props.put("schema.registry.url", "mock://" + scope);
        DriftwatchConfig config = DriftwatchConfig.from(props);

        // The current schema plus a field "extra": ["null", Node], Node = {next: ["null", Node]}.
        Schema current = PredictionEvent.getClassSchema();
        Schema node = Schema.createRecord("Node", null, "io.driftwatch.producer", false);
        node.setFields(List.of(new Schema.Field("next", Schema.createUnion(Schema.create(Schema.Type.NULL), node), null,
            JsonProperties.NULL_VALUE)));
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field("extra", Schema.createUnion(Schema.create(Schema.Type.NULL), node), null,
            JsonProperties.NULL_VALUE));
        Schema evolved = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        int id = MockSchemaRegistry.scope(scope).register("predictions-value", evolved);

        PredictionEvent valid = PredictionEvent.newBuilder().setPredictionId("p1").setModelId("m").setModelVersion("1")
            .setEventTime(NOW).setFeatures(Map.of("x", 1.0))
            .setPrediction(Prediction.newBuilder().setScore(0.5).build()).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<PredictionEvent>(current, TrustedSpecificData.forClass(PredictionEvent.class)).write(valid, encoder);
        encoder.flush();
        int depth = 100_000;
        for (int i = 0; i <= depth; i++) {
            out.write(2); // union branch 1: a Node (zig-zag varint)
        }
        out.write(0); // branch 0: null, the end
        byte[] value = out.toByteArray();
        assertThat(value.length).isLessThan(512 * 1024); // below input.max.record.bytes

        try (IngestRig rig = new IngestRig("deeply-nested", config, NOW)) {
            Throwable thrown = null;
            try {
                rig.predictions.pipeInput("k".getBytes(StandardCharsets.UTF_8), value, NOW);
            } catch (Throwable t) {
                thrown = t;
            }
            assertThat(thrown).as("what processing the record threw").isNull();
            List<TestRecord<byte[], byte[]>> dead = rig.deadLetters.readRecordsToList();
            assertThat(dead).hasSize(1);
            assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.REASON)).isEqualTo("AVRO_DECODE_ERROR");
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }
}
