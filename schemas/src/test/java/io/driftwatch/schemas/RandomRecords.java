package io.driftwatch.schemas;

import io.driftwatch.schemas.serde.TrustedSpecificData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Deterministic random data for any Avro schema, for round-trip and compatibility tests: every
 * branch of every union, maps and arrays of 0 to 3 entries, finite numbers, timestamps within
 * a few centuries of the epoch.
 */
public final class RandomRecords {

    private final Random random;

    public RandomRecords(long seed) {
        this.random = new Random(seed);
    }

    /** A random generic datum of {@code schema}. */
    public Object generic(Schema schema) {
        switch (schema.getType()) {
            case RECORD: {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), generic(field.schema()));
                }
                return record;
            }
            case ENUM:
                return new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case ARRAY: {
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(generic(schema.getElementType()));
                }
                return new GenericData.Array<>(schema, items);
            }
            case MAP: {
                Map<String, Object> map = new HashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(text(), generic(schema.getValueType()));
                }
                return map;
            }
            case UNION:
                return generic(schema.getTypes().get(random.nextInt(schema.getTypes().size())));
            case FIXED: {
                byte[] bytes = new byte[schema.getFixedSize()];
                random.nextBytes(bytes);
                return new GenericData.Fixed(schema, bytes);
            }
            case STRING:
                return text();
            case BYTES: {
                byte[] bytes = new byte[random.nextInt(16)];
                random.nextBytes(bytes);
                return ByteBuffer.wrap(bytes);
            }
            case INT:
                return random.nextInt();
            case LONG:
                // Timestamps: within ±300 years of the epoch; Instant and every JSON form can hold them.
                return (long) ((random.nextDouble() - 0.5) * 2e13);
            case FLOAT:
                return (float) (random.nextGaussian() * 100);
            case DOUBLE:
                return random.nextGaussian() * 1000;
            case BOOLEAN:
                return random.nextBoolean();
            case NULL:
                return null;
            default:
                throw new IllegalArgumentException("no generator for " + schema.getType());
        }
    }

    /** A random instance of the generated class {@code type}, made by writing generic data and reading it back. */
    public <T extends SpecificRecord> T specific(Class<T> type) {
        SpecificData model = TrustedSpecificData.forClass(type);
        Schema schema = model.getSchema(type);
        byte[] bytes = write(schema, generic(schema));
        try {
            SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema, schema, model);
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code datum} in Avro binary encoding, written with {@code schema}. */
    public static byte[] write(Schema schema, Object datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<>(schema, GenericData.get()).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private String text() {
        int length = random.nextInt(9);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
