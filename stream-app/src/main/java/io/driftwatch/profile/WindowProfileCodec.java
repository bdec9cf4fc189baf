package io.driftwatch.profile;

import io.driftwatch.performance.ConfidenceBasedEstimator;
import io.driftwatch.performance.SegmentAccumulator;
import io.driftwatch.schemas.PredictionKind;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Compact binary form of a {@link WindowProfile}, for state stores and the internal topic that
 * carries partial profiles. Sketches are stored in DataSketches' own compact serialization; every
 * other figure as fixed-width big-endian numbers, maps in key order so that equal profiles encode
 * to equal bytes. The first byte is a format version so that a
 * newer application can still read state written by an older one.
 */
public final class WindowProfileCodec implements io.driftwatch.state.ObjectCodec<WindowProfile> {

    // Version 2 adds the feature cap and the values it kept out; version 1 is still read.
    private static final byte VERSION = 2;

    @Override
    public byte[] encode(WindowProfile profile) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            ProfileSettings settings = profile.settings();
            out.writeInt(settings.kllK());
            out.writeInt(settings.maxCategories());
            out.writeInt(settings.segmentAttributes().size());
            for (String attribute : settings.segmentAttributes()) {
                out.writeUTF(attribute);
            }
            out.writeInt(settings.maxSegmentValues());
            out.writeUTF(settings.positiveLabel());
            out.writeDouble(settings.decisionThreshold());
            out.writeInt(settings.maxFeatures());
            out.writeLong(profile.droppedFeatureValues());
            out.writeLong(profile.events());
            out.writeLong(profile.errors());
            out.writeByte(profile.predictionKind().ordinal());
            out.writeInt(profile.numeric().size());
            for (Map.Entry<String, NumericAccumulator> e : new java.util.TreeMap<>(profile.numeric()).entrySet()) {
                out.writeUTF(e.getKey());
                writeNumeric(out, e.getValue());
            }
            out.writeInt(profile.categorical().size());
            for (Map.Entry<String, CategoricalAccumulator> e : new java.util.TreeMap<>(profile.categorical()).entrySet()) {
                out.writeUTF(e.getKey());
                writeCategorical(out, e.getValue());
            }
            writeOptionalNumeric(out, profile.predictionNumeric());
            out.writeBoolean(profile.predictionClasses() != null);
            if (profile.predictionClasses() != null) {
                writeCategorical(out, profile.predictionClasses());
            }
            LatencyAccumulator latency = profile.latency();
            out.writeBoolean(latency != null);
            if (latency != null) {
                writeBytes(out, latency.sketchBytes());
                out.writeDouble(latency.max());
            }
            writeOptionalBytes(out, profile.estimator() == null ? null : profile.estimator().toBytes());
            writeOptionalBytes(out, profile.segments() == null ? null : profile.segments().toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public WindowProfile decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION && version != 1) {
                throw new IllegalArgumentException("Unknown window profile format version " + version
                    + "; this build reads versions 1 to " + VERSION + ". Was the state written by a newer Driftwatch?");
            }
            int kllK = in.readInt();
            int maxCategories = in.readInt();
            int attributeCount = in.readInt();
            java.util.List<String> attributes = new java.util.ArrayList<>(attributeCount);
            for (int i = 0; i < attributeCount; i++) {
                attributes.add(in.readUTF());
            }
            int maxSegmentValues = in.readInt();
            String positiveLabel = in.readUTF();
            double decisionThreshold = in.readDouble();
            int maxFeatures = version == 1 ? ProfileSettings.DEFAULT_MAX_FEATURES : in.readInt();
            long dropped = version == 1 ? 0 : in.readLong();
            ProfileSettings settings = new ProfileSettings(kllK, maxCategories, attributes, maxSegmentValues,
                positiveLabel, decisionThreshold, maxFeatures);
            long events = in.readLong();
            long errors = in.readLong();
            PredictionKind kind = PredictionKind.values()[in.readByte()];
            int numericCount = in.readInt();
            Map<String, NumericAccumulator> numeric = new HashMap<>(numericCount * 2);
            for (int i = 0; i < numericCount; i++) {
                numeric.put(in.readUTF(), readNumeric(in));
            }
            int categoricalCount = in.readInt();
            Map<String, CategoricalAccumulator> categorical = new HashMap<>(categoricalCount * 2);
            for (int i = 0; i < categoricalCount; i++) {
                categorical.put(in.readUTF(), readCategorical(in));
            }
            NumericAccumulator predictionNumeric = in.readBoolean() ? readNumeric(in) : null;
            CategoricalAccumulator predictionClasses = in.readBoolean() ? readCategorical(in) : null;
            LatencyAccumulator latency = null;
            if (in.readBoolean()) {
                byte[] sketch = readBytes(in);
                latency = LatencyAccumulator.fromBytes(sketch, in.readDouble());
            }
            byte[] estimator = readOptionalBytes(in);
            byte[] segments = readOptionalBytes(in);
            return new WindowProfile(settings, events, errors, numeric, categorical,
                predictionNumeric, predictionClasses, latency, kind,
                estimator == null ? null : ConfidenceBasedEstimator.fromBytes(estimator),
                segments == null ? null : SegmentAccumulator.fromBytes(segments), dropped);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("Unknown window profile")) {
                throw iae;
            }
            throw new IllegalArgumentException("Corrupt window profile (" + data.length + " bytes): " + e, e);
        }
    }

    private static void writeOptionalNumeric(DataOutputStream out, NumericAccumulator acc) throws IOException {
        out.writeBoolean(acc != null);
        if (acc != null) {
            writeNumeric(out, acc);
        }
    }

    private static void writeNumeric(DataOutputStream out, NumericAccumulator acc) throws IOException {
        writeBytes(out, acc.sketch().toByteArray());
        out.writeLong(acc.nonFinite());
        out.writeDouble(acc.mean());
        out.writeDouble(acc.m2());
        out.writeBoolean(acc.overflowed());
        int tracked = acc.distinctTracked();
        out.writeByte(tracked);
        for (int i = 0; i < tracked; i++) {
            out.writeDouble(acc.trackedValue(i));
            out.writeLong(acc.trackedCount(i));
        }
    }

    private static NumericAccumulator readNumeric(DataInputStream in) throws IOException {
        KllDoublesSketch sketch = KllDoublesSketch.heapify(Memory.wrap(readBytes(in)));
        long nonFinite = in.readLong();
        double mean = in.readDouble();
        double m2 = in.readDouble();
        boolean overflowed = in.readBoolean();
        int tracked = in.readUnsignedByte();
        double[] values = new double[Math.max(4, tracked)];
        long[] counts = new long[values.length];
        for (int i = 0; i < tracked; i++) {
            values[i] = in.readDouble();
            counts[i] = in.readLong();
        }
        return overflowed
            ? new NumericAccumulator(sketch, nonFinite, mean, m2, null, null, 0, true)
            : new NumericAccumulator(sketch, nonFinite, mean, m2, values, counts, tracked, false);
    }

    private static void writeCategorical(DataOutputStream out, CategoricalAccumulator acc) throws IOException {
        out.writeInt(acc.maxCategories());
        out.writeLong(acc.otherCount());
        Map<String, Long> frequencies = new java.util.TreeMap<>(acc.frequencies());
        out.writeInt(frequencies.size());
        for (Map.Entry<String, Long> e : frequencies.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static CategoricalAccumulator readCategorical(DataInputStream in) throws IOException {
        CategoricalAccumulator acc = new CategoricalAccumulator(in.readInt());
        long other = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            acc.add(in.readUTF(), in.readLong());
        }
        acc.addOther(other);
        return acc;
    }

    private static void writeOptionalBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeBoolean(bytes != null);
        if (bytes != null) {
            writeBytes(out, bytes);
        }
    }

    private static byte[] readOptionalBytes(DataInputStream in) throws IOException {
        return in.readBoolean() ? readBytes(in) : null;
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("length " + length + " exceeds the remaining " + in.available() + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
