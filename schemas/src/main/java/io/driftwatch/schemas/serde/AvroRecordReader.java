package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.registry.ReaderWriterCompatibility;
import io.driftwatch.schemas.registry.SchemaRegistryClient;
import io.driftwatch.schemas.registry.SchemaRegistryException;
import io.driftwatch.schemas.registry.UnsupportedSchemaException;
import io.driftwatch.schemas.serde.EventDecodingException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.FastReaderBuilder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads records in the wire format: fetches each writer schema by id once, checks once that the
 * reader can resolve it (Avro schema resolution: the writer's fields are matched to the reader's
 * by name, fields the reader lacks are skipped, fields the writer lacks take the reader's
 * defaults), and keeps one resolving {@link DatumReader} per schema id. The last id seen is
 * checked first, and the decoder and reader are reused (borrowed, so that concurrent calls stay
 * correct and merely allocate).
 *
 * @param <T> what records are read as
 */
final class AvroRecordReader<T> {

    /** Makes the reader for records of one writer schema. */
    interface ReaderFactory<T> {
        /** Null when records written with {@code writer} can be read; otherwise why not. */
        String incompatibility(Schema writer);

        DatumReader<T> create(Schema writer);
    }

    private static final class ReadPlan<T> {
        final int id;
        final Schema writer;
        final String failure;
        // Per reading thread, like the decoders: one handed between the stream threads was rebuilt on every overlap.
        final ThreadLocal<DatumReader<T>> readers = new ThreadLocal<>();

        ReadPlan(int id, Schema writer, String failure) {
            this.id = id;
            this.writer = writer;
            this.failure = failure;
        }
    }

    private final SchemaRegistryClient registry;
    private final ReaderFactory<T> factory;
    private final Map<Integer, ReadPlan<T>> plans = new ConcurrentHashMap<>();
    // One decoder per reading thread: a reader is shared by the stream threads, and one handed between them was
    // rebuilt on every overlap.
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();
    private volatile ReadPlan<T> last;

    AvroRecordReader(SchemaRegistryClient registry, ReaderFactory<T> factory) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** The schema id of the data's header and the record. */
    T read(byte[] data) {
        int id = WireFormat.schemaId(data);
        ReadPlan<T> plan = last;
        if (plan == null || plan.id != id) {
            plan = plan(id);
            last = plan;
        }
        if (plan.failure != null) {
            throw new EventDecodingException(Reason.INCOMPATIBLE_SCHEMA, InputFormat.AVRO, plan.failure);
        }
        DatumReader<T> reader = plan.readers.get();
        if (reader == null) {
            reader = factory.create(plan.writer);
            plan.readers.set(reader);
        }
        try {
            T value;
            boolean readAll;
            if (reader instanceof DirectRecordReader<?> direct) {
                @SuppressWarnings("unchecked")
                T read = (T) direct.read(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE);
                value = read;
                readAll = direct.readAll();
            } else {
                BinaryDecoder binary = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE, decoders.get());
                decoders.set(binary);
                value = reader.read(null, binary);
                readAll = binary.isEnd();
            }
            if (!readAll) {
                throw new EventDecodingException(Reason.AVRO_DECODE_ERROR, InputFormat.AVRO, "bytes left over after a"
                        + " complete " + plan.writer.getFullName() + " (schema id " + id + "): the data was not written"
                        + " with the schema its header names");
            }
            return value;
        } catch (EOFException e) {
            throw new EventDecodingException(Reason.TRUNCATED, InputFormat.AVRO, "the Avro data ends before a complete "
                    + plan.writer.getFullName() + " (schema id " + id + ", " + data.length + " bytes in all): the record"
                    + " was cut short, or written with another schema than its header names", e);
        } catch (EventDecodingException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new EventDecodingException(Reason.AVRO_DECODE_ERROR, InputFormat.AVRO, "the Avro data does not match"
                    + " its writer schema " + plan.writer.getFullName() + " (schema id " + id + "): " + e, e);
        } catch (StackOverflowError e) {
            // A recursive type in the writer schema lets one small record nest as deep as its bytes allow, and
            // Avro reads and skips nested values by recursion. Uncaught, the Error would kill the stream thread on
            // every retry of the record; the stack is unwound by here, so the record alone is refused.
            throw new EventDecodingException(Reason.AVRO_DECODE_ERROR, InputFormat.AVRO, "the Avro data nests deeper"
                    + " than this reader's stack allows (" + data.length + " bytes of a recursive type in writer schema "
                    + plan.writer.getFullName() + ", schema id " + id + ")", e);
        }
    }

    private ReadPlan<T> plan(int id) {
        ReadPlan<T> plan = plans.get(id);
        if (plan != null) {
            return plan;
        }
        if (id < 0) {
            throw new EventDecodingException(Reason.UNKNOWN_SCHEMA_ID, InputFormat.AVRO,
                    "schema id " + id + " in the header is negative; registries assign positive ids");
        }
        Schema writer;
        try {
            writer = registry.getSchemaById(id);
        } catch (UnsupportedSchemaException e) {
            plan = new ReadPlan<>(id, null, e.getMessage());
            ReadPlan<T> raced = plans.putIfAbsent(id, plan);
            return raced != null ? raced : plan;
        } catch (SchemaRegistryException e) {
            if (e.isSchemaNotFound() || e.httpStatus() == 404) {
                throw new EventDecodingException(Reason.UNKNOWN_SCHEMA_ID, InputFormat.AVRO, "schema id " + id
                        + " is not known to the Schema Registry: the record was written against another registry,"
                        + " or its schema was deleted", e);
            }
            Reason reason = e.isTransient() ? Reason.REGISTRY_UNAVAILABLE : Reason.REGISTRY_ERROR;
            throw new EventDecodingException(reason, InputFormat.AVRO, "could not fetch schema id " + id
                    + " from the Schema Registry: " + e.getMessage(), e);
        }
        String failure = factory.incompatibility(writer);
        plan = new ReadPlan<>(id, writer, failure == null ? null : "records of schema id " + id + " cannot be read: " + failure);
        ReadPlan<T> raced = plans.putIfAbsent(id, plan);
        return raced != null ? raced : plan;
    }

    /** Reads records as generic records of their writer schema; logical types stay raw (timestamps as long). */
    static ReaderFactory<GenericRecord> generic() {
        return new ReaderFactory<>() {
            @Override
            public String incompatibility(Schema writer) {
                return writer.getType() == Schema.Type.RECORD ? null
                        : "the writer schema is a " + writer.getType() + ", not a record";
            }

            @Override
            public DatumReader<GenericRecord> create(Schema writer) {
                return new GenericDatumReader<>(writer, writer, GenericData.get());
            }
        };
    }

    /** Reads records as instances of the generated class {@code type}, resolving the writer schema to its own. */
    static <T extends SpecificRecord> ReaderFactory<T> specific(Class<T> type) {
        SpecificData model = TrustedSpecificData.forClass(type);
        Schema reader = model.getSchema(type);
        // Avro only picks its fast reader (resolution planned once per schema pair, not interpreted per
        // record) for a model that is exactly GenericData or SpecificData; a TrustedSpecificData
        // silently got the slow ResolvingDecoder path, about twice the cost of decoding an event.
        FastReaderBuilder fast = new FastReaderBuilder(model);
        return new ReaderFactory<>() {
            @Override
            public String incompatibility(Schema writer) {
                return AvroRecordReader.incompatibility(reader, writer);
            }

            @Override
            public DatumReader<T> create(Schema writer) {
                try {
                    return fast.createDatumReader(writer, reader);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot plan reading " + writer.getFullName() + " as "
                            + reader.getFullName() + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /**
     * Reads records as instances of the generated class named like the writer schema's record.
     * That name comes from the writer, so Avro's class trust check applies to it
     * ({@code org.apache.avro.SERIALIZABLE_PACKAGES}); see {@link TrustedSpecificData}.
     */
    static ReaderFactory<Object> specificByWriterName() {
        return new ReaderFactory<>() {
            @Override
            public String incompatibility(Schema writer) {
                Class<? extends SpecificRecord> type;
                try {
                    type = generatedClassOf(writer);
                } catch (SecurityException e) {
                    return "Avro does not trust the class named by the writer schema (" + e.getMessage() + "); configure "
                            + AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE + " / " + AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE
                            + " with the class to read, or trust its package with -Dorg.apache.avro.SERIALIZABLE_PACKAGES";
                }
                if (type == null) {
                    return "no generated class for " + writer.getFullName() + " is on the class path; set "
                            + AvroSerdeConfig.SPECIFIC_AVRO_READER + "=false to read GenericRecords";
                }
                return AvroRecordReader.incompatibility(SpecificData.getForClass(type).getSchema(type), writer);
            }

            @Override
            public DatumReader<Object> create(Schema writer) {
                Class<? extends SpecificRecord> type = generatedClassOf(writer);
                SpecificData model = TrustedSpecificData.forClass(type);
                return new SpecificDatumReader<>(writer, model.getSchema(type), model);
            }
        };
    }

    private static Class<? extends SpecificRecord> generatedClassOf(Schema writer) {
        Class<?> type = SpecificData.get().getClass(writer);
        return type != null && SpecificRecord.class.isAssignableFrom(type) ? type.asSubclass(SpecificRecord.class) : null;
    }

    private static String incompatibility(Schema reader, Schema writer) {
        String problems = ReaderWriterCompatibility.problems(reader, writer);
        return problems == null ? null
                : "the writer schema " + writer.getFullName() + " cannot be resolved to " + reader.getFullName() + ": " + problems;
    }
}
