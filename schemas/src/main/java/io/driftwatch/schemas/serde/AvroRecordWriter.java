package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.registry.ReaderWriterCompatibility;
import io.driftwatch.schemas.registry.RegisteredSchema;
import io.driftwatch.schemas.registry.SchemaRegistryClient;
import io.driftwatch.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Writes Avro records in the wire format: resolves each (topic, schema) once to a schema id and a
 * cached {@link DatumWriter}, then per record only encodes. The last plan used is checked first
 * by identity, so a stream of records of one class costs no map lookup; the output buffer and
 * encoder are reused (borrowed, so that concurrent calls stay correct and merely allocate).
 */
final class AvroRecordWriter {

    private record PlanKey(String topic, Schema schema) {}

    private static final class Scratch {
        final ByteSink out = new ByteSink(256);
        final ByteSink converted = new ByteSink(256);
        BinaryEncoder encoder;
        BinaryDecoder decoder;
    }

    /** How records of one schema go to one topic. */
    private static final class WritePlan {
        final String topic;
        final Schema schema;
        final byte[] header;
        final DatumWriter<Object> writer;
        /** Non-null when records are converted to the subject's latest schema first. */
        final DatumReader<Object> toLatest;
        final DatumWriter<Object> latestWriter;

        WritePlan(String topic, Schema schema, int schemaId, DatumWriter<Object> writer, DatumReader<Object> toLatest,
                DatumWriter<Object> latestWriter) {
            this.topic = topic;
            this.schema = schema;
            this.header = WireFormat.header(schemaId);
            this.writer = writer;
            this.toLatest = toLatest;
            this.latestWriter = latestWriter;
        }

        byte[] write(Object record, Scratch scratch) throws IOException {
            ByteSink out = scratch.out;
            out.reset();
            out.write(header, 0, header.length);
            if (toLatest == null) {
                scratch.encoder = EncoderFactory.get().binaryEncoder(out, scratch.encoder);
                writer.write(record, scratch.encoder);
                scratch.encoder.flush();
                return out.toByteArray();
            }
            ByteSink converted = scratch.converted;
            converted.reset();
            scratch.encoder = EncoderFactory.get().binaryEncoder(converted, scratch.encoder);
            writer.write(record, scratch.encoder);
            scratch.encoder.flush();
            scratch.decoder = DecoderFactory.get().binaryDecoder(converted.buffer(), 0, converted.size(), scratch.decoder);
            Object inLatestSchema = toLatest.read(null, scratch.decoder);
            scratch.encoder = EncoderFactory.get().binaryEncoder(out, scratch.encoder);
            latestWriter.write(inLatestSchema, scratch.encoder);
            scratch.encoder.flush();
            return out.toByteArray();
        }
    }

    private final SchemaRegistryClient registry;
    private final AvroSerdeConfig config;
    private final boolean isKey;
    private final Map<PlanKey, WritePlan> plans = new ConcurrentHashMap<>();
    private final AtomicReference<Scratch> spare = new AtomicReference<>();
    private volatile WritePlan last;

    AvroRecordWriter(SchemaRegistryClient registry, AvroSerdeConfig config, boolean isKey) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.config = Objects.requireNonNull(config, "config");
        this.isKey = isKey;
    }

    byte[] write(String topic, GenericContainer record) {
        Schema schema = record.getSchema();
        WritePlan plan = last;
        if (plan == null || plan.schema != schema || !Objects.equals(plan.topic, topic)) {
            plan = plan(topic, schema, record);
            last = plan;
        }
        Scratch scratch = spare.getAndSet(null);
        if (scratch == null) {
            scratch = new Scratch();
        }
        byte[] bytes;
        try {
            bytes = plan.write(record, scratch);
        } catch (IOException | RuntimeException e) {
            // The scratch may hold half a record in the encoder's buffer: drop it rather than reuse it.
            throw new SerializationException("could not serialize a " + schema.getFullName() + " for topic " + topic
                    + " (a required field is null, or a value does not fit its schema type): " + e, e);
        }
        spare.set(scratch);
        return bytes;
    }

    private WritePlan plan(String topic, Schema schema, GenericContainer record) {
        PlanKey key = new PlanKey(topic, schema);
        WritePlan plan = plans.get(key);
        if (plan != null) {
            return plan;
        }
        String subject;
        try {
            subject = config.subjectNameStrategy(isKey).subject(topic, isKey, schema);
        } catch (IllegalArgumentException e) {
            throw new SerializationException(e.getMessage(), e);
        }
        DatumWriter<Object> writer = writerFor(schema, record);
        try {
            if (config.autoRegisterSchemas()) {
                plan = new WritePlan(topic, schema, registry.register(subject, schema), writer, null, null);
            } else if (config.useLatestVersion()) {
                plan = latestPlan(topic, schema, writer, registry.getLatestSchema(subject));
            } else {
                plan = new WritePlan(topic, schema, registry.getId(subject, schema), writer, null, null);
            }
        } catch (SchemaRegistryException e) {
            throw new SerializationException(registryFailure(subject, schema, e), e);
        }
        WritePlan raced = plans.putIfAbsent(key, plan);
        return raced != null ? raced : plan;
    }

    private String registryFailure(String subject, Schema schema, SchemaRegistryException e) {
        String what = "schema " + schema.getFullName() + " under subject '" + subject + "'";
        if (!config.autoRegisterSchemas() && (e.isSchemaNotFound() || e.isSubjectNotFound())) {
            return what + " is not registered and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS
                    + " is false: register it first, or enable auto registration (" + e.getMessage() + ")";
        }
        if (e.isIncompatible()) {
            return "the registry refused " + what + " as incompatible with the subject's earlier versions;"
                    + " evolve the schema compatibly (new fields need defaults): " + e.getMessage();
        }
        return "could not resolve the id of " + what + ": " + e.getMessage();
    }

    private static WritePlan latestPlan(String topic, Schema schema, DatumWriter<Object> writer, RegisteredSchema latest) {
        Schema target = latest.schema();
        if (SchemaNormalization.parsingFingerprint64(target) == SchemaNormalization.parsingFingerprint64(schema)) {
            // Same parsing canonical form: the bytes are identical whichever of the two writes them.
            return new WritePlan(topic, schema, latest.id(), writer, null, null);
        }
        String problems = ReaderWriterCompatibility.problems(target, schema);
        if (problems != null) {
            throw new SerializationException("use.latest.version: the latest schema of subject '" + latest.subject()
                    + "' (version " + latest.version() + ", id " + latest.id() + ") cannot read records of "
                    + schema.getFullName() + " as this producer writes them: "
                    + problems
                    + "; regenerate the producer's classes from the latest schema or set use.latest.version=false");
        }
        return new WritePlan(topic, schema, latest.id(), writer,
                new GenericDatumReader<>(schema, target, GenericData.get()),
                new GenericDatumWriter<>(target, GenericData.get()));
    }

    private static DatumWriter<Object> writerFor(Schema schema, GenericContainer record) {
        if (record instanceof SpecificRecord specific) {
            return new SpecificDatumWriter<>(schema, TrustedSpecificData.forClass(specific.getClass()));
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }
}
