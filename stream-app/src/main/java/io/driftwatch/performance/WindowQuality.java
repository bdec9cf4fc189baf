package io.driftwatch.performance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The labelled side of one window of one model version: quality accumulators fed with every
 * prediction whose outcome has been joined, and the per-segment confusion counts. Mergeable, so the
 * label-join stage can send what it learned since its last flush and the merge stage can add it up.
 */
public final class WindowQuality {

    private static final byte VERSION = 1;

    private final ClassificationAccumulator.Config classification;
    private final List<String> segmentAttributes;
    private final int maxSegmentValues;
    private ClassificationAccumulator classifier;
    private RegressionAccumulator regression;
    private SegmentAccumulator segments;

    public WindowQuality(ClassificationAccumulator.Config classification, List<String> segmentAttributes, int maxSegmentValues) {
        this.classification = classification;
        this.segmentAttributes = List.copyOf(segmentAttributes);
        this.maxSegmentValues = maxSegmentValues;
    }

    /** Adds a joined classification: what was predicted (label, score or probabilities) and what was true. */
    public void addClassification(String predictedLabel, Double score, Map<String, Double> probabilities,
                                  String trueLabel, Map<String, String> segmentValues) {
        if (classifier == null) {
            classifier = new ClassificationAccumulator(classification);
        }
        classifier.add(predictedLabel, trueLabel, score, probabilities);
        if (!segmentAttributes.isEmpty()) {
            boolean predictedPositive = score != null ? score >= classification.decisionThreshold()
                : classification.positiveLabel().equals(predictedLabel);
            ensureSegments().addOutcome(segmentValues, predictedPositive, classification.positiveLabel().equals(trueLabel));
        }
    }

    /** Adds a joined regression prediction. */
    public void addRegression(double predicted, double actual) {
        if (regression == null) {
            regression = new RegressionAccumulator();
        }
        regression.add(predicted, actual);
    }

    private SegmentAccumulator ensureSegments() {
        if (segments == null) {
            segments = new SegmentAccumulator(segmentAttributes, maxSegmentValues);
        }
        return segments;
    }

    public WindowQuality merge(WindowQuality other) {
        if (other.classifier != null) {
            if (classifier == null) {
                classifier = new ClassificationAccumulator(classification);
            }
            classifier.merge(other.classifier);
        }
        if (other.regression != null) {
            if (regression == null) {
                regression = new RegressionAccumulator();
            }
            regression.merge(other.regression);
        }
        if (other.segments != null) {
            ensureSegments().merge(other.segments);
        }
        return this;
    }

    /** Labelled predictions so far. */
    public long labelled() {
        return (classifier == null ? 0 : classifier.count()) + (regression == null ? 0 : regression.count());
    }

    public ClassificationAccumulator classifier() {
        return classifier;
    }

    public RegressionAccumulator regression() {
        return regression;
    }

    /** Outcome-side segment counts; null when none were joined or no segment attribute is configured. */
    public SegmentAccumulator segments() {
        return segments;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(classification.positiveLabel());
            out.writeUTF(classification.negativeLabel());
            out.writeInt(classification.maxClasses());
            out.writeInt(classification.scoreBins());
            out.writeDouble(classification.decisionThreshold());
            out.writeInt(segmentAttributes.size());
            for (String a : segmentAttributes) {
                out.writeUTF(a);
            }
            out.writeInt(maxSegmentValues);
            writeOptional(out, classifier == null ? null : classifier.toBytes());
            writeOptional(out, regression == null ? null : regression.toBytes());
            writeOptional(out, segments == null ? null : segments.toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static WindowQuality fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("Unknown window quality format version " + version);
            }
            ClassificationAccumulator.Config config = new ClassificationAccumulator.Config(
                in.readUTF(), in.readUTF(), in.readInt(), in.readInt(), in.readDouble());
            int n = in.readInt();
            String[] attributes = new String[n];
            for (int i = 0; i < n; i++) {
                attributes[i] = in.readUTF();
            }
            WindowQuality q = new WindowQuality(config, List.of(attributes), in.readInt());
            byte[] c = readOptional(in);
            byte[] r = readOptional(in);
            byte[] s = readOptional(in);
            q.classifier = c == null ? null : ClassificationAccumulator.fromBytes(c);
            q.regression = r == null ? null : RegressionAccumulator.fromBytes(r);
            q.segments = s == null ? null : SegmentAccumulator.fromBytes(s);
            return q;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Corrupt window quality state (" + data.length + " bytes): " + e.getMessage(), e);
        }
    }

    private static void writeOptional(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.write(bytes);
        }
    }

    private static byte[] readOptional(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
