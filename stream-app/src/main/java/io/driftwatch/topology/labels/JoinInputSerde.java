package io.driftwatch.topology.labels;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Binary form of {@link JoinInput} for the label-join repartition topic and the pending-predictions store. */
public final class JoinInputSerde implements Serde<JoinInput> {

    private static final byte VERSION = 1;
    private static final byte PREDICTION = 1;
    private static final byte OUTCOME = 2;

    @Override
    public Serializer<JoinInput> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<JoinInput> deserializer() {
        return (topic, data) -> data == null ? null : decode(data);
    }

    public static byte[] encode(JoinInput input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            if (input instanceof JoinInput.PredictionFacts p) {
                out.writeByte(PREDICTION);
                out.writeUTF(p.predictionId());
                out.writeUTF(p.modelId());
                out.writeUTF(p.modelVersion());
                out.writeLong(p.eventTime());
                writeString(out, p.label());
                writeDouble(out, p.score());
                out.writeInt(p.probabilities() == null ? -1 : p.probabilities().size());
                if (p.probabilities() != null) {
                    for (Map.Entry<String, Double> e : p.probabilities().entrySet()) {
                        out.writeUTF(e.getKey());
                        out.writeDouble(e.getValue() == null ? Double.NaN : e.getValue());
                    }
                }
                writeDouble(out, p.value());
                out.writeInt(p.segments().size());
                for (Map.Entry<String, String> e : p.segments().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeUTF(e.getValue());
                }
                // Last and only when present, so records and store entries written before it still read, and
                // predictions without a request cost nothing more.
                if (p.requestId() != null) {
                    out.writeUTF(p.requestId());
                }
            } else {
                JoinInput.OutcomeFacts o = (JoinInput.OutcomeFacts) input;
                out.writeByte(OUTCOME);
                out.writeUTF(o.predictionId());
                out.writeUTF(o.modelId());
                writeString(out, o.modelVersion());
                out.writeLong(o.eventTime());
                writeString(out, o.label());
                writeDouble(out, o.value());
            }
        } catch (IOException e) {
            throw new SerializationException("Cannot encode join input", e);
        }
        return bytes.toByteArray();
    }

    public static JoinInput decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("Unknown join input version " + version);
            }
            byte type = in.readByte();
            if (type == PREDICTION) {
                String id = in.readUTF();
                String model = in.readUTF();
                String modelVersion = in.readUTF();
                long time = in.readLong();
                String label = readString(in);
                Double score = readDouble(in);
                int n = in.readInt();
                Map<String, Double> probabilities = null;
                if (n >= 0) {
                    probabilities = new HashMap<>();
                    for (int i = 0; i < n; i++) {
                        probabilities.put(in.readUTF(), in.readDouble());
                    }
                }
                Double value = readDouble(in);
                int s = in.readInt();
                Map<String, String> segments = new HashMap<>();
                for (int i = 0; i < s; i++) {
                    segments.put(in.readUTF(), in.readUTF());
                }
                String requestId = in.available() > 0 ? in.readUTF() : null;
                return new JoinInput.PredictionFacts(id, model, modelVersion, time, label, score, probabilities, value, segments,
                    requestId);
            }
            if (type == OUTCOME) {
                return new JoinInput.OutcomeFacts(in.readUTF(), in.readUTF(), readString(in), in.readLong(),
                    readString(in), readDouble(in));
            }
            throw new SerializationException("Unknown join input type " + type);
        } catch (IOException e) {
            throw new SerializationException("Corrupt join input of " + data.length + " bytes", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeDouble(DataOutputStream out, Double d) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeDouble(d);
        }
    }

    private static Double readDouble(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }
}
