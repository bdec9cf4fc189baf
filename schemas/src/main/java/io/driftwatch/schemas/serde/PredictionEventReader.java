package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Reads a {@link PredictionEvent} written with the reader's own schema, field by field, into the
 * same object Avro's reader makes, with two differences that only cost less: the strings events
 * repeat (model ids and versions, feature and segment names, categorical values, labels, class
 * names, deployment roles) come from a {@link RepeatedStrings} table instead of a new
 * {@code String} each, and each map is a {@link CompactMap} in the record's order, sized for its
 * block before it is filled, with the features' numbers unboxed. The prediction id,
 * request id and error message are decoded afresh: they differ from event to event.
 *
 * <p>Records written with any other schema (an older version, a producer's own variant) are
 * resolved by Avro's reader as before ({@link #factory()}): the field order below is this schema's.
 * Not thread-safe; {@link AvroRecordReader} keeps one per reading thread.
 */
final class PredictionEventReader implements DatumReader<PredictionEvent> {

    /** Enough for every name of a few hundred models' features and categories; see {@link RepeatedStrings}. */
    static final int REPEATED_STRINGS = 8192;
    /** Presizing stops here: a corrupt count must end in a truncation error, not in an allocation. */
    private static final int MAX_PRESIZE = 1024;
    private static final long OWN_SCHEMA = SchemaNormalization.parsingFingerprint64(PredictionEvent.getClassSchema());

    private final RepeatedStrings strings = new RepeatedStrings(REPEATED_STRINGS);
    private Utf8 scratch = new Utf8();
    // How many repeated strings this record has read so far: their position, for RepeatedStrings' hints.
    private int position;

    /** Whether records written with {@code writer} are read by this reader (same fields, types and order). */
    static boolean reads(Schema writer) {
        return SchemaNormalization.parsingFingerprint64(writer) == OWN_SCHEMA;
    }

    /** Avro's resolving reader for prediction events, with this one for records of the current schema. */
    static AvroRecordReader.ReaderFactory<PredictionEvent> factory() {
        AvroRecordReader.ReaderFactory<PredictionEvent> avro = AvroRecordReader.specific(PredictionEvent.class);
        return new AvroRecordReader.ReaderFactory<>() {
            @Override
            public String incompatibility(Schema writer) {
                return avro.incompatibility(writer);
            }

            @Override
            public DatumReader<PredictionEvent> create(Schema writer) {
                return reads(writer) ? new PredictionEventReader() : avro.create(writer);
            }
        };
    }

    @Override
    public void setSchema(Schema schema) {
        // Only ever the reader's own schema: see reads().
    }

    @Override
    public PredictionEvent read(PredictionEvent reuse, Decoder in) throws IOException {
        PredictionEvent event = new PredictionEvent();
        position = 0;
        strings.useSharedContext();
        event.setPredictionId(in.readString());
        event.setModelId(repeated(in));
        // The rest of the record's strings are hinted by what this model's earlier events had at each position.
        strings.useContextOfLast();
        event.setModelVersion(repeated(in));
        event.setEventTime(Instant.ofEpochMilli(in.readLong()));
        event.setFeatures(features(in));
        event.setPrediction(prediction(in));
        event.setLatencyMs(optional(in) ? in.readDouble() : null);
        event.setError(in.readBoolean());
        event.setErrorMessage(optional(in) ? in.readString() : null);
        event.setSegments(segments(in));
        event.setRequestId(optional(in) ? in.readString() : null);
        event.setDeploymentRole(optional(in) ? repeated(in) : null);
        return event;
    }

    private Map<String, Object> features(Decoder in) throws IOException {
        long n = in.readMapStart();
        CompactMap<Object> features = new CompactMap<>(presize(n));
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                String name = repeated(in);
                int branch = in.readIndex();
                switch (branch) {
                    case 0 -> features.put(name, nothing(in));
                    case 1 -> features.putDouble(name, in.readDouble());
                    case 2 -> features.put(name, repeated(in));
                    case 3 -> features.put(name, in.readBoolean());
                    default -> throw unknownBranch("features", branch, 4);
                }
            }
            n = in.mapNext();
        }
        return features;
    }

    private Prediction prediction(Decoder in) throws IOException {
        Prediction p = new Prediction();
        p.setLabel(optional(in) ? repeated(in) : null);
        p.setScore(optional(in) ? in.readDouble() : null);
        if (optional(in)) {
            long n = in.readMapStart();
            // Boxed, unlike the features: validation, the profile and the label join each read them by entry.
            Map<String, Double> probabilities = new CompactMap<>(presize(n));
            while (n > 0) {
                for (long i = 0; i < n; i++) {
                    probabilities.put(repeated(in), in.readDouble());
                }
                n = in.mapNext();
            }
            p.setProbabilities(probabilities);
        }
        p.setValue(optional(in) ? in.readDouble() : null);
        return p;
    }

    private Map<String, String> segments(Decoder in) throws IOException {
        long n = in.readMapStart();
        Map<String, String> segments = new CompactMap<>(presize(n));
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                segments.put(repeated(in), repeated(in));
            }
            n = in.mapNext();
        }
        return segments;
    }

    /** A ["null", T] union: whether T follows. */
    private static boolean optional(Decoder in) throws IOException {
        int branch = in.readIndex();
        if (branch == 0) {
            in.readNull();
            return false;
        }
        if (branch != 1) {
            throw unknownBranch("an optional field", branch, 2);
        }
        return true;
    }

    private static <T> T nothing(Decoder in) throws IOException {
        in.readNull();
        return null;
    }

    private String repeated(Decoder in) throws IOException {
        scratch = in.readString(scratch);
        return strings.of(scratch.getBytes(), scratch.getByteLength(), position++);
    }

    /** Lookups of repeated strings that no position hint answered, for tests. */
    long searches() {
        return strings.searches();
    }

    private static int presize(long entries) {
        return (int) Math.min(entries, MAX_PRESIZE);
    }

    private static AvroRuntimeException unknownBranch(String where, int branch, int branches) {
        return new AvroRuntimeException("union index " + branch + " in " + where + " of a PredictionEvent: the union has "
            + branches + " branches");
    }
}
