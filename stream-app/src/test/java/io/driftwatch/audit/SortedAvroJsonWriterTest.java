package io.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.testdata.RandomAvroDatum;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/**
 * The one-pass writer against the way canonical JSON was made before it, kept here as the reference: Avro's own
 * {@code JsonEncoder} writes the datum, Jackson reads the text back as a tree, every object's keys are sorted and the
 * tree is written again. Audit records already in a chain were hashed over that form, so the writer must give it byte
 * for byte, for any datum of any schema.
 */
class SortedAvroJsonWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Every type Avro has, and every way a union, a map or a string can be awkward. */
    private static final Schema EVERY_TYPE = new Schema.Parser().parse("""
        {"type": "record", "name": "Every", "namespace": "test.avro", "fields": [
          {"name": "z_last_declared_first", "type": "int"},
          {"name": "a_long", "type": "long"},
          {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "maybe_ts", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}]},
          {"name": "f", "type": "float"},
          {"name": "d", "type": "double"},
          {"name": "maybe_d", "type": ["null", "double"]},
          {"name": "flag", "type": "boolean"},
          {"name": "s", "type": "string"},
          {"name": "b", "type": "bytes"},
          {"name": "fx", "type": {"type": "fixed", "name": "Four", "size": 4}},
          {"name": "e", "type": {"type": "enum", "name": "Colour", "symbols": ["RED", "GREEN", "BLUE"]}},
          {"name": "many", "type": ["null", "string", "long", "double",
            {"type": "record", "name": "Inner", "fields": [
              {"name": "y", "type": "double"}, {"name": "x", "type": ["null", "string"]}]},
            {"type": "array", "items": "int"}, {"type": "map", "values": "double"}]},
          {"name": "counts", "type": {"type": "map", "values": "long"}},
          {"name": "inners", "type": {"type": "array", "items": "Inner"}},
          {"name": "nested", "type": {"type": "map", "values": {"type": "array", "items": ["null", "Inner"]}}},
          {"name": "nothing", "type": "null"}
        ]}
        """);

    @Property(tries = 300)
    void everyTypeIsWrittenAsAvrosEncodingSorted(@ForAll long seed) throws IOException {
        Object datum = new RandomAvroDatum(new SplittableRandom(seed)).of(EVERY_TYPE);

        assertThat(written(datum, EVERY_TYPE, GenericData.get())).isEqualTo(reference(datum, EVERY_TYPE, GenericData.get()));
    }

    @Property(tries = 100)
    void driftwatchsOwnRecordsAreWrittenAsBefore(@ForAll long seed) throws IOException {
        RandomAvroDatum random = new RandomAvroDatum(new SplittableRandom(seed));
        for (Class<? extends SpecificRecordBase> type : List.of(WindowReport.class, Alert.class, ReferenceProfile.class,
                ComparisonReport.class, AuditRecord.class)) {
            SpecificRecordBase record = random.of(type);

            assertThat(CanonicalJson.of(record)).isEqualTo(reference(record, record.getSchema(), record.getSpecificData()));
        }
    }

    @Test
    void aByteBufferIsWrittenFromItsPositionAndLeftWhereItWas() throws IOException {
        Schema bytes = Schema.create(Schema.Type.BYTES);
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, (byte) 0xE9, 4});
        buffer.position(1);

        assertThat(written(buffer, bytes, GenericData.get())).isEqualTo("\"\\u0002é\\u0004\"");
        assertThat(buffer.position()).isEqualTo(1);
    }

    @Test
    void aNullWhereTheSchemaHasNoneNamesTheField() {
        GenericData.Record inner = new GenericData.Record(EVERY_TYPE.getField("inners").schema().getElementType());
        inner.put("x", "set");

        assertThatThrownBy(() -> written(inner, inner.getSchema(), GenericData.get()))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("field y of test.avro.Inner");
    }

    private static String written(Object datum, Schema schema, GenericData data) throws IOException {
        StringWriter text = new StringWriter();
        try (var out = MAPPER.createGenerator(text)) {
            new SortedAvroJsonWriter(data, out).write(datum, schema);
        }
        return text.toString();
    }

    /** The canonical JSON as it was made before the one-pass writer: Avro's JSON text, read as a tree, sorted and written. */
    private static String reference(Object datum, Schema schema, GenericData data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
        new GenericDatumWriter<Object>(schema, data).write(datum, encoder);
        encoder.flush();
        return CanonicalJson.of(MAPPER.readTree(out.toString(StandardCharsets.UTF_8)));
    }
}
