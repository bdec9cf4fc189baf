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
 * quality figures need. The prediction id is the store's key and the start of its event time's bucket
 * ({@link PendingPredictionLayout}) the timestamp, so the event time is kept as its offset in that bucket;
 * segment values are written in the order of {@code segments.attributes}, without their names; lengths are
 * single bytes (varints). A binary classification with a score and two segments in the bench's shape takes
 * 35 bytes, against 96 in the repartition topic's {@link JoinInputSerde} form.
 *
 * <p>Layout: one byte of form and flags ({@code 0x40} | label, score, probabilities, value, request id
 * present), the offset of the event time in its bucket (4 bytes; 8 where a bucket is longer than 2^32 ms,
 * a horizon of about 99 days), the number of the segment-attribute list it was written with (a varint, one
 * byte: {@link SegmentAttributeLists}), model id, model version, then what the flags say, then one value per
 * attribute of that list (length + 1, 0 when absent). The request id is kept only for a primary prediction that
 * names its request (its outcome also judges a shadow pair). An entry written with another list than the
 * current one is read with its own, so each value goes to its own attribute; the current list's other
 * attributes are absent, and one whose list is not recorded gets no segments rather than wrong ones. A joined
 * prediction is replaced by a marker: a zero byte, then the offset.
 *
 * <p>Entries of the older forms are still read, so state survives an upgrade: the bucketed form before the
 * list's number (first byte {@code 0x20} | flags, a one-byte hash of the list where the number is now), and,
 * stored at their event time itself, the form before buckets (first byte 2, then the flags, then the same hash),
 * {@link JoinInputSerde}'s (first byte 1), and the one-byte joined marker. A one-byte hash matches another list
 * once in 256: such an entry's segments are kept only if it holds as many values as the current list has
 * attributes, so it is read without failing, though a list of the same length can still get wrong values.
 */
public final class PendingPredictionCodec {

    private static final int JOINED = 0;
    private static final int REPARTITION_FORM = 1;
    private static final int BY_EVENT_TIME = 2;
    private static final int BUCKETED_HASHED = 0x20;
    private static final int BUCKETED = 0x40;
    private static final int FLAG_BITS = 0x1F;
    private static final int LABEL = 1;
    private static final int SCORE = 2;
    private static final int PROBABILITIES = 4;
    private static final int VALUE = 8;
    private static final int REQUEST = 16;

    private final SegmentAttributeLists lists;
    /** The hash of the current list that the older forms carry instead of its number. */
    private final byte hashed;
    private final int offsetBytes;

    PendingPredictionCodec(SegmentAttributeLists lists, PendingPredictionLayout layout) {
        this.lists = lists;
        this.hashed = (byte) String.join("\u0000", lists.current()).hashCode();
        this.offsetBytes = layout.bucketMs() - 1 <= 0xFFFF_FFFFL ? 4 : 8;
    }

    /** The prediction as stored at {@code storedAt}, the start of its event time's bucket. */
    public byte[] encode(JoinInput.PredictionFacts p, long storedAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(48);
        int flags = (p.label() != null ? LABEL : 0) | (p.score() != null ? SCORE : 0)
            | (p.probabilities() != null ? PROBABILITIES : 0) | (p.value() != null ? VALUE : 0)
            | (p.requestId() != null ? REQUEST : 0);
        out.write(BUCKETED | flags);
        writeOffset(out, p.eventTime() - storedAt);
        writeVarint(out, lists.currentNumber());
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
        for (String attribute : lists.current()) {
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

    /** The marker that replaces a prediction once it is joined, stored at {@code storedAt}. */
    public byte[] joined(long eventTime, long storedAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 + offsetBytes);
        out.write(JOINED);
        writeOffset(out, eventTime - storedAt);
        return out.toByteArray();
    }

    public static boolean isJoined(byte[] data) {
        return data[0] == JOINED;
    }

    /** The event time of the prediction, or joined marker, stored at {@code storedAt}. */
    public long eventTime(long storedAt, byte[] data) {
        int first = data[0] & 0xFF;
        if (first == JOINED && data.length == 1 || first == BY_EVENT_TIME || first == REPARTITION_FORM) {
            return storedAt; // an older layout, stored at the event time itself
        }
        try {
            return storedAt + new Reader(data, 1).offset(offsetBytes);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new SerializationException("Truncated pending prediction of " + data.length + " bytes", e);
        }
    }

    /** The prediction stored under {@code predictionId} at {@code storedAt}. */
    public JoinInput.PredictionFacts decode(String predictionId, long storedAt, byte[] data) {
        if (data.length > 0 && data[0] == REPARTITION_FORM) {
            return (JoinInput.PredictionFacts) JoinInputSerde.decode(data); // written before the compact form
        }
        try {
            Reader in = new Reader(data, 0);
            int first = in.read();
            int flags;
            long eventTime;
            if (first == BY_EVENT_TIME) {
                flags = in.read();
                eventTime = storedAt;
            } else if ((first & ~FLAG_BITS) == BUCKETED || (first & ~FLAG_BITS) == BUCKETED_HASHED) {
                flags = first & FLAG_BITS;
                eventTime = storedAt + in.offset(offsetBytes);
            } else {
                throw new SerializationException("Unknown pending prediction format " + first);
            }
            boolean numbered = (first & ~FLAG_BITS) == BUCKETED;
            // Null when the list is unknown: an older form's hash of another list, or a number not recorded.
            List<String> written = numbered ? lists.written(in.varint())
                : (byte) in.read() == hashed ? lists.current() : null;
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
            Map<String, String> segments = written == null ? new HashMap<>()
                : numbered ? segments(in, written) : hashedSegments(in);
            return new JoinInput.PredictionFacts(predictionId, model, version, eventTime, label, score, probabilities,
                value, segments, requestId);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new SerializationException("Truncated pending prediction of " + data.length + " bytes", e);
        }
    }

    /** The values of the current list's attributes in an entry written with {@code written}. */
    private Map<String, String> segments(Reader in, List<String> written) {
        Map<String, String> segments = new HashMap<>();
        for (String attribute : written) {
            int n = in.varint();
            if (n > 0) {
                String value = in.string(n - 1);
                if (lists.current().contains(attribute)) {
                    segments.put(attribute, value);
                }
            }
        }
        return segments;
    }

    /**
     * The segments of an older form whose one-byte hash matched the current list's: kept only if the entry holds
     * exactly one value per attribute, since a hash of another list matches once in 256.
     */
    private Map<String, String> hashedSegments(Reader in) {
        try {
            Map<String, String> segments = segments(in, lists.current());
            if (in.atEnd()) {
                return segments;
            }
        } catch (IndexOutOfBoundsException e) {
            // fewer values than attributes, or lengths that are not lengths: written with another list
        }
        return new HashMap<>();
    }

    private void writeOffset(ByteArrayOutputStream out, long offset) {
        if (offset < 0 || offsetBytes == 4 && offset > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("An event time " + offset + " ms from where it is stored is outside"
                + " its bucket");
        }
        for (int shift = offsetBytes * 8 - 8; shift >= 0; shift -= 8) {
            out.write((int) (offset >>> shift));
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

        Reader(byte[] data, int pos) {
            this.data = data;
            this.pos = pos;
        }

        long offset(int bytes) {
            long v = 0;
            for (int i = 0; i < bytes; i++) {
                v = v << 8 | read();
            }
            return v;
        }

        int read() {
            return data[pos++] & 0xFF;
        }

        boolean atEnd() {
            return pos == data.length;
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
            if (length < 0 || pos + length > data.length) {
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
