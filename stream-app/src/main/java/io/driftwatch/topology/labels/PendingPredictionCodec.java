package io.driftwatch.topology.labels;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The compact form of a prediction waiting for its outcome in the join's window store: only what the
 * quality figures need. The prediction id is the store's key and the event time its timestamp, so neither
 * is repeated here; segment values are written in the order of {@code segments.attributes}, without their
 * names; lengths are single bytes (varints). A binary classification with a score and two segments in
 * the bench's shape takes 31 bytes, against 96 in the repartition topic's {@link JoinInputSerde} form.
 *
 * <p>Layout: format byte (2), flags (label, score, probabilities, value, request id present), a one-byte
 * fingerprint of the segment attributes, model id, model version, then what the flags say, then one value
 * per segment attribute (length + 1, 0 when absent). The request id is kept only for a primary prediction
 * that names its request (its outcome also judges a shadow pair): a prediction without one takes exactly
 * the bytes it took before the flag existed, and entries written before it read as having none. A store
 * written with other segment attributes (the fingerprint differs) gives its predictions no segments rather
 * than wrong ones. Entries of the older {@link JoinInputSerde} form (first byte 1) are still read, so
 * state survives an upgrade.
 */
public final class PendingPredictionCodec {

    private static final byte FORMAT = 2;
    private static final int LABEL = 1;
    private static final int SCORE = 2;
    private static final int PROBABILITIES = 4;
    private static final int VALUE = 8;
    private static final int REQUEST = 16;

    private final List<String> segmentAttributes;
    private final byte fingerprint;

    public PendingPredictionCodec(List<String> segmentAttributes) {
        this.segmentAttributes = List.copyOf(segmentAttributes);
        this.fingerprint = (byte) String.join("\u0000", segmentAttributes).hashCode();
    }

    public byte[] encode(JoinInput.PredictionFacts p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(48);
        out.write(FORMAT);
        int flags = (p.label() != null ? LABEL : 0) | (p.score() != null ? SCORE : 0)
            | (p.probabilities() != null ? PROBABILITIES : 0) | (p.value() != null ? VALUE : 0)
            | (p.requestId() != null ? REQUEST : 0);
        out.write(flags);
        out.write(fingerprint);
        writeString(out, p.modelId());
        writeString(out, p.modelVersion());
        if (p.label() != null) {
            writeString(out, p.label());
        }
        if (p.score() != null) {
            writeDouble(out, p.score());
        }
        if (p.probabilities() != null) {
            writeVarint(out, p.probabilities().size());
            for (Map.Entry<String, Double> e : p.probabilities().entrySet()) {
                writeString(out, e.getKey());
                writeDouble(out, e.getValue() == null ? Double.NaN : e.getValue());
            }
        }
        if (p.value() != null) {
            writeDouble(out, p.value());
        }
        if (p.requestId() != null) {
            writeString(out, p.requestId());
        }
        for (String attribute : segmentAttributes) {
            String v = p.segments().get(attribute);
            if (v == null) {
                writeVarint(out, 0);
            } else {
                byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
                writeVarint(out, bytes.length + 1);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toByteArray();
    }

    /** The prediction stored under {@code predictionId} at {@code eventTime}. */
    public JoinInput.PredictionFacts decode(String predictionId, long eventTime, byte[] data) {
        if (data.length > 0 && data[0] == 1) {
            return (JoinInput.PredictionFacts) JoinInputSerde.decode(data); // written before the compact form
        }
        try {
            Reader in = new Reader(data);
            if (in.read() != FORMAT) {
                throw new SerializationException("Unknown pending prediction format " + data[0]);
            }
            int flags = in.read();
            boolean sameSegments = (byte) in.read() == fingerprint;
            String model = in.string();
            String version = in.string();
            String label = (flags & LABEL) != 0 ? in.string() : null;
            Double score = (flags & SCORE) != 0 ? in.doubleValue() : null;
            Map<String, Double> probabilities = null;
            if ((flags & PROBABILITIES) != 0) {
                int n = in.varint();
                probabilities = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    probabilities.put(in.string(), in.doubleValue());
                }
            }
            Double value = (flags & VALUE) != 0 ? in.doubleValue() : null;
            String requestId = (flags & REQUEST) != 0 ? in.string() : null;
            Map<String, String> segments = new HashMap<>();
            if (sameSegments) {
                for (String attribute : segmentAttributes) {
                    int n = in.varint();
                    if (n > 0) {
                        segments.put(attribute, in.string(n - 1));
                    }
                }
            }
            return new JoinInput.PredictionFacts(predictionId, model, version, eventTime, label, score, probabilities,
                value, segments, requestId);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new SerializationException("Truncated pending prediction of " + data.length + " bytes", e);
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeVarint(out, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static void writeDouble(ByteArrayOutputStream out, double d) {
        long bits = Double.doubleToRawLongBits(d);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (bits >>> shift));
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        int read() {
            return data[pos++] & 0xFF;
        }

        int varint() {
            int v = 0;
            for (int shift = 0; ; shift += 7) {
                int b = read();
                v |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
        }

        String string() {
            return string(varint());
        }

        String string(int length) {
            if (pos + length > data.length) {
                throw new ArrayIndexOutOfBoundsException(pos + length);
            }
            String s = new String(data, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }

        double doubleValue() {
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = bits << 8 | read();
            }
            return Double.longBitsToDouble(bits);
        }
    }
}
