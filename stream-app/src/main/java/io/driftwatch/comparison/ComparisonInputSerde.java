package io.driftwatch.comparison;

import io.driftwatch.schemas.WindowReport;
import io.driftwatch.topology.serde.AvroBinarySerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The comparison stage's internal topics: a tag byte, then the variant's fields (reports as Avro binary). */
public final class ComparisonInputSerde implements Serde<ComparisonInput> {

    private static final byte ROLE = 1;
    private static final byte REPORT = 2;
    private static final byte SCORED = 3;
    private static final byte PAIRED = 4;
    private static final byte UNPAIRED = 5;
    private static final byte OUTCOME = 6;
    private static final byte JUDGED = 7;

    private final AvroBinarySerde<WindowReport> reports = new AvroBinarySerde<>(WindowReport.class);

    @Override
    public Serializer<ComparisonInput> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<ComparisonInput> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    byte[] encode(ComparisonInput value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (value instanceof ComparisonInput.RoleSeen r) {
                out.writeByte(ROLE);
                out.writeUTF(r.model());
                out.writeUTF(r.version());
                text(out, r.role());
                out.writeLong(r.windowStart());
            } else if (value instanceof ComparisonInput.VersionReport r) {
                out.writeByte(REPORT);
                byte[] avro = reports.serializer().serialize(null, r.report());
                out.writeInt(avro.length);
                out.write(avro);
                // After the report, so that records written before the profile was carried still read.
                out.writeInt(r.outputs() == null ? -1 : r.outputs().length);
                if (r.outputs() != null) {
                    out.write(r.outputs());
                }
            } else if (value instanceof ComparisonInput.Scored s) {
                out.writeByte(SCORED);
                out.writeUTF(s.model());
                out.writeUTF(s.version());
                text(out, s.role());
                out.writeUTF(s.requestId());
                text(out, s.label());
                out.writeDouble(s.score());
                out.writeLong(s.eventTime());
            } else if (value instanceof ComparisonInput.ShadowPaired p) {
                out.writeByte(PAIRED);
                out.writeUTF(p.model());
                out.writeUTF(p.controlVersion());
                out.writeUTF(p.candidateVersion());
                text(out, p.controlLabel());
                text(out, p.candidateLabel());
                out.writeDouble(p.controlScore());
                out.writeDouble(p.candidateScore());
            } else if (value instanceof ComparisonInput.ShadowUnpaired u) {
                out.writeByte(UNPAIRED);
                out.writeUTF(u.model());
                out.writeUTF(u.version());
                out.writeBoolean(u.control());
            } else if (value instanceof ComparisonInput.RequestOutcome o) {
                out.writeByte(OUTCOME);
                out.writeUTF(o.model());
                out.writeUTF(o.requestId());
                text(out, o.label());
                out.writeBoolean(o.value() != null);
                if (o.value() != null) {
                    out.writeDouble(o.value());
                }
                out.writeLong(o.eventTime());
            } else if (value instanceof ComparisonInput.ShadowJudged j) {
                out.writeByte(JUDGED);
                out.writeUTF(j.model());
                out.writeUTF(j.controlVersion());
                out.writeUTF(j.candidateVersion());
                out.writeBoolean(j.controlRight());
                out.writeBoolean(j.candidateRight());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    ComparisonInput decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte tag = in.readByte();
            return switch (tag) {
                case ROLE -> new ComparisonInput.RoleSeen(in.readUTF(), in.readUTF(), text(in), in.readLong());
                case REPORT -> {
                    byte[] avro = new byte[in.readInt()];
                    in.readFully(avro);
                    byte[] outputs = null;
                    int length = in.available() > 0 ? in.readInt() : -1;
                    if (length >= 0) {
                        outputs = new byte[length];
                        in.readFully(outputs);
                    }
                    yield new ComparisonInput.VersionReport(reports.deserializer().deserialize(null, avro), outputs);
                }
                case SCORED -> new ComparisonInput.Scored(in.readUTF(), in.readUTF(), text(in), in.readUTF(), text(in),
                    in.readDouble(), in.readLong());
                case PAIRED -> new ComparisonInput.ShadowPaired(in.readUTF(), in.readUTF(), in.readUTF(), text(in), text(in),
                    in.readDouble(), in.readDouble());
                case UNPAIRED -> new ComparisonInput.ShadowUnpaired(in.readUTF(), in.readUTF(), in.readBoolean());
                case OUTCOME -> new ComparisonInput.RequestOutcome(in.readUTF(), in.readUTF(), text(in),
                    in.readBoolean() ? in.readDouble() : null, in.readLong());
                case JUDGED -> new ComparisonInput.ShadowJudged(in.readUTF(), in.readUTF(), in.readUTF(), in.readBoolean(),
                    in.readBoolean());
                default -> throw new IllegalArgumentException("unknown comparison input tag " + tag);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String text(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
