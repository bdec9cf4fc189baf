package io.driftwatch.testdata;

import io.driftwatch.schemas.serde.TrustedSpecificData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Random Avro data of any schema for tests of writers and codecs: awkward doubles (NaN, infinities, -0.0, the
 * extremes, random bits), strings that need escapes (quotes, control characters, a surrogate pair, U+2028), every
 * union branch, empty and full maps and arrays. Generic data (timestamps as longs) or, for a generated class, the
 * record Avro's specific reader makes of it (timestamps as instants).
 */
public record RandomAvroDatum(SplittableRandom random) {

    private static final double[] DOUBLES = {0.0, -0.0, 1.0, -1.5, 0.1, 1e-5, 1e-7, 1e21, 1e22, 123456789.125,
        Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    private static final String[] PIECES = {"a", "Z", "age_11", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "é", "€",
        "\uD83D\uDE00", "\u2028", " ", "0", "~", "\u007f", "Ω"};
    // Past this depth a union takes its null branch where it has one and containers stay empty, so the datum ends.
    private static final int DEEP = 6;

    /** Generic data of {@code schema}. */
    public Object of(Schema schema) {
        return of(schema, 0);
    }

    /** A random record of a generated class, read by Avro's specific reader from the binary form of random data. */
    public <T extends SpecificRecordBase> T of(Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<Object>(schema).write(of(schema), encoder);
            encoder.flush();
            // Read with the application's trusting model: Avro 1.12 refuses classes it was not told to trust.
            return new SpecificDatumReader<T>(schema, schema, TrustedSpecificData.forClass(type))
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a random " + type.getSimpleName(), e);
        }
    }

    private Object of(Schema schema, int depth) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                schema.getFields().forEach(f -> record.put(f.pos(), of(f.schema(), depth + 1)));
                yield record;
            }
            case UNION -> {
                List<Schema> types = schema.getTypes();
                Schema branch = depth > DEEP && types.get(0).getType() == Schema.Type.NULL
                    ? types.get(0) : types.get(random.nextInt(types.size()));
                yield of(branch, depth + 1);
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(depth > DEEP ? 1 : 4); i > 0; i--) {
                    list.add(of(schema.getElementType(), depth + 1));
                }
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(depth > DEEP ? 1 : 5); i > 0; i--) {
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
