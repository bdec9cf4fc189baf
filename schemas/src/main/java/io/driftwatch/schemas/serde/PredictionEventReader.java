package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;

/**
 * Reads a {@link PredictionEvent} written with the reader's own schema, field by field, into the
 * same object Avro's reader makes, with two differences that only cost less: the strings events
 * repeat (model ids and versions, feature and segment names, categorical values, labels, class
 * names, deployment roles) come from a {@link RepeatedStrings} table instead of a new
 * {@code String} each, and each map is a {@link CompactMap} in the record's order, sized for its
 * block before it is filled, with the features' numbers unboxed. The prediction id,
 * request id and error message are decoded afresh: they differ from event to event.
 *
 * <p>The monitor hands it a record's bytes ({@link DirectRecordReader}): a repeated string is then
 * compared with the one kept for it where it lies in the record, never copied out first, and a
 * feature name the map does not have yet is appended without being hashed (a name repeated within
 * one map, which Avro allows, is put as before: the last value wins at the first position). As a
 * {@link DatumReader} it reads the same from any Avro {@link Decoder}.
 *
 * <p>Records written with any other schema (an older version, a producer's own variant) are
 * resolved by Avro's reader as before ({@link #factory()}): the field order below is this schema's.
 * Not thread-safe; {@link AvroRecordReader} keeps one per reading thread.
 */
final class PredictionEventReader implements DatumReader<PredictionEvent>, DirectRecordReader<PredictionEvent> {

    /** Enough for every name of a few hundred models' features and categories; see {@link RepeatedStrings}. */
    static final int REPEATED_STRINGS = 8192;
    /** Presizing stops here: a corrupt count must end in a truncation error, not in an allocation. */
    private static final int MAX_PRESIZE = 1024;
    private static final long OWN_SCHEMA = SchemaNormalization.parsingFingerprint64(PredictionEvent.getClassSchema());

    private final RepeatedStrings strings = new RepeatedStrings(REPEATED_STRINGS);
    private final AvroBytes bytes = new AvroBytes();
    // How many repeated strings this record has read so far: their position, for RepeatedStrings' hints.
    private int position;
    // By a kept name's id: the number of the features map it was last put in. A name whose entry holds this map's
    // number is a key the map already has (Avro lets a map repeat a key); any other is appended unhashed.
    private int[] mapOfName = new int[64];
    private int mapNumber;

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
        return read(new DecoderInput(in));
    }

    @Override
    public PredictionEvent read(byte[] data, int offset, int length) throws IOException {
        bytes.reset(data, offset, length);
        return read(bytes);
    }

    @Override
    public boolean readAll() {
        return bytes.isEnd();
    }

    private PredictionEvent read(AvroInput in) throws IOException {
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

    private Map<String, Object> features(AvroInput in) throws IOException {
        long n = in.readMapStart();
        CompactMap<Object> features = new CompactMap<>(presize(n));
        // The number wraps after 2^32 maps; a stale entry equal to it only sends a new name to put(), which is right too.
        if (++mapNumber == 0) {
            mapNumber = 1;
        }
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                String name = repeated(in);
                boolean isNew = firstInMap(strings.idOfLast());
                int branch = in.readIndex();
                switch (branch) {
                    case 0 -> put(features, isNew, name, nothing(in));
                    case 1 -> putDouble(features, isNew, name, in.readDouble());
                    case 2 -> put(features, isNew, name, repeated(in));
                    case 3 -> put(features, isNew, name, in.readBoolean());
                    default -> throw unknownBranch("features", branch, 4);
                }
            }
            n = in.mapNext();
        }
        return features;
    }

    /** Whether the kept name with this id is not yet in the current features map (false for a name not kept: put() decides). */
    private boolean firstInMap(int id) {
        if (id < 0) {
            return false;
        }
        if (id >= mapOfName.length) {
            mapOfName = Arrays.copyOf(mapOfName, Math.max(id + 1, mapOfName.length * 2));
        }
        if (mapOfName[id] == mapNumber) {
            return false;
        }
        mapOfName[id] = mapNumber;
        return true;
    }

    private static void put(CompactMap<Object> features, boolean isNew, String name, Object value) {
        if (isNew) {
            features.append(name, value);
        } else {
            features.put(name, value);
        }
    }

    private static void putDouble(CompactMap<Object> features, boolean isNew, String name, double value) {
        if (isNew) {
            features.appendDouble(name, value);
        } else {
            features.putDouble(name, value);
        }
    }

    private Prediction prediction(AvroInput in) throws IOException {
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

    private Map<String, String> segments(AvroInput in) throws IOException {
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
    private static boolean optional(AvroInput in) throws IOException {
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

    private static <T> T nothing(AvroInput in) throws IOException {
        in.readNull();
        return null;
    }

    private String repeated(AvroInput in) throws IOException {
        return in.readRepeated(strings, position++);
    }

    /** Lookups of repeated strings that no position hint answered, for tests. */
    long searches() {
        return strings.searches();
    }

    private static int presize(long entries) {
        return (int) Math.min(entries, MAX_PRESIZE);
    }

    /** As Avro's reader fails on a branch its union lacks. */
    private static AvroTypeException unknownBranch(String where, int branch, int branches) {
        return new AvroTypeException("union index " + branch + " in " + where + " of a PredictionEvent: the union has "
            + branches + " branches");
    }
}
