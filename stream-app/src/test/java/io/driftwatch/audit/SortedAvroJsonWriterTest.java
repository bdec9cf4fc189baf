package io.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
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
        Object datum = new RandomDatum(new SplittableRandom(seed)).of(EVERY_TYPE, 0);

        assertThat(written(datum, EVERY_TYPE, GenericData.get())).isEqualTo(reference(datum, EVERY_TYPE, GenericData.get()));
    }

    @Property(tries = 100)
    void driftwatchsOwnRecordsAreWrittenAsBefore(@ForAll long seed) throws IOException {
        AvroTrust.trustDriftwatchSchemas();
        SplittableRandom random = new SplittableRandom(seed);
        for (Class<? extends SpecificRecordBase> type : List.of(WindowReport.class, Alert.class, ReferenceProfile.class,
                ComparisonReport.class, AuditRecord.class)) {
            SpecificRecordBase record = specific(type, new RandomDatum(random));

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

    /** The canonical JSON as it was made before the one-pass writer. */
    private static String reference(Object datum, Schema schema, GenericData data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
        new GenericDatumWriter<Object>(schema, data).write(datum, encoder);
        encoder.flush();
        return MAPPER.writeValueAsString(sorted(MAPPER.readTree(out.toString(StandardCharsets.UTF_8))));
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode copy = MAPPER.createObjectNode();
            names.forEach(name -> copy.set(name, sorted(node.get(name))));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = MAPPER.createArrayNode();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                copy.add(sorted(it.next()));
            }
            return copy;
        }
        return node;
    }

    /** A random datum of the type's schema, as Avro's specific reader makes it (timestamps as instants). */
    private static <T extends SpecificRecordBase> T specific(Class<T> type, RandomDatum random) throws IOException {
        Schema schema = org.apache.avro.specific.SpecificData.get().getSchema(type);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<Object>(schema).write(random.of(schema, 0), encoder);
        encoder.flush();
        return new SpecificDatumReader<>(type).read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    /** Generic data of any schema: awkward doubles, strings that need escapes, every union branch, empty and full containers. */
    private record RandomDatum(SplittableRandom random) {

        private static final double[] DOUBLES = {0.0, -0.0, 1.0, -1.5, 0.1, 1e-5, 1e-7, 1e21, 1e22, 123456789.125,
            Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        private static final String[] PIECES = {"a", "Z", "age_11", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "é", "€",
            "\uD83D\uDE00", "\u2028", " ", "0", "~", "\u007f", "Ω"};

        Object of(Schema schema, int depth) {
            return switch (schema.getType()) {
                case RECORD -> {
                    GenericData.Record record = new GenericData.Record(schema);
                    schema.getFields().forEach(f -> record.put(f.pos(), of(f.schema(), depth + 1)));
                    yield record;
                }
                case UNION -> {
                    List<Schema> types = schema.getTypes();
                    // Deep down, the null branch where there is one, so that the datum stays finite.
                    Schema branch = depth > 6 && types.get(0).getType() == Schema.Type.NULL
                        ? types.get(0) : types.get(random.nextInt(types.size()));
                    yield of(branch, depth + 1);
                }
                case ARRAY -> {
                    List<Object> list = new ArrayList<>();
                    for (int i = random.nextInt(depth > 6 ? 1 : 4); i > 0; i--) {
                        list.add(of(schema.getElementType(), depth + 1));
                    }
                    yield list;
                }
                case MAP -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (int i = random.nextInt(depth > 6 ? 1 : 5); i > 0; i--) {
                        map.put(string(), of(schema.getValueType(), depth + 1));
                    }
                    yield map;
                }
                case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
                case FIXED -> new GenericData.Fixed(schema, bytes(schema.getFixedSize()));
                case BYTES -> ByteBuffer.wrap(bytes(random.nextInt(6)));
                case STRING -> string();
                case INT -> random.nextBoolean() ? random.nextInt(-3, 1000) : random.nextInt();
                case LONG -> random.nextBoolean() ? random.nextLong(-3, 2_000_000_000_000L) : random.nextLong();
                case FLOAT -> random.nextBoolean() ? (float) DOUBLES[random.nextInt(DOUBLES.length)] : Float.intBitsToFloat(random.nextInt());
                case DOUBLE -> switch (random.nextInt(3)) {
                    case 0 -> DOUBLES[random.nextInt(DOUBLES.length)];
                    case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(-12, 12));
                    default -> Double.longBitsToDouble(random.nextLong());
                };
                case BOOLEAN -> random.nextBoolean();
                case NULL -> null;
            };
        }

        private String string() {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(5); i > 0; i--) {
                s.append(PIECES[random.nextInt(PIECES.length)]);
            }
            return s.toString();
        }

        private byte[] bytes(int n) {
            byte[] bytes = new byte[n];
            for (int i = 0; i < n; i++) {
                bytes[i] = (byte) random.nextInt(256);
            }
            return bytes;
        }
    }
}
