package io.driftwatch.topology;

import io.driftwatch.report.QualityBaseline;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.state.ObjectCodec;
import io.driftwatch.topology.serde.AvroBinarySerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * A window already reported, kept until the label horizon passes so that late labels can revise its
 * quality: the last report, the prediction-side segment counts (for fairness), the reference's quality
 * figures the first report was judged against, and whether labels arrived since the last emission.
 */
final class ReportedWindow {

    private WindowReport report;
    private final byte[] predictionSegments;
    private final QualityBaseline referenceQuality;
    private boolean changed;

    /**
     * @param referenceQuality the quality figures of the reference the window was compared with when it closed;
     *                         {@link QualityBaseline#NONE} when it had none (its version's first labelled windows
     *                         are its baseline); null when not known (kept by a release that did not record them)
     */
    ReportedWindow(WindowReport report, byte[] predictionSegments, QualityBaseline referenceQuality, boolean changed) {
        this.report = report;
        this.predictionSegments = predictionSegments;
        this.referenceQuality = referenceQuality;
        this.changed = changed;
    }

    WindowReport report() {
        return report;
    }

    byte[] predictionSegments() {
        return predictionSegments;
    }

    /**
     * The reference quality every report of this window is judged against, fixed when it closed: a baseline
     * published later is for the windows that close after it, and the report keeps naming the one it was
     * compared with. Null when not known.
     */
    QualityBaseline referenceQuality() {
        return referenceQuality;
    }

    boolean changed() {
        return changed;
    }

    void markChanged() {
        changed = true;
    }

    void revised(WindowReport newReport) {
        this.report = newReport;
        this.changed = false;
    }

    static final class Codec implements ObjectCodec<ReportedWindow> {
        private final AvroBinarySerde<WindowReport> reports = new AvroBinarySerde<>(WindowReport.class);

        @Override
        public byte[] encode(ReportedWindow w) {
            byte[] report = reports.serializer().serialize(null, w.report);
            byte[] segments = w.predictionSegments == null ? new byte[0] : w.predictionSegments;
            byte[] reference = w.referenceQuality == null ? new byte[0] : encode(w.referenceQuality);
            return ByteBuffer.allocate(1 + 4 + report.length + 4 + segments.length + reference.length)
                .put((byte) (w.changed ? 1 : 0))
                .putInt(report.length).put(report)
                .putInt(w.predictionSegments == null ? -1 : segments.length).put(segments)
                .put(reference)
                .array();
        }

        /** Appended last, so that a window stored before the figures were kept still decodes (without them). */
        private static byte[] encode(QualityBaseline q) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(q.metrics().size());
                for (Map.Entry<String, Double> e : new TreeMap<>(q.metrics()).entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeDouble(e.getValue());
                }
                out.writeLong(q.labelledCount() == null ? -1 : q.labelledCount());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        private static QualityBaseline decodeReference(ByteBuffer in) {
            if (!in.hasRemaining()) {
                return null;
            }
            try {
                DataInputStream data = new DataInputStream(new ByteArrayInputStream(in.array(),
                    in.arrayOffset() + in.position(), in.remaining()));
                int n = data.readInt();
                Map<String, Double> metrics = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    metrics.put(data.readUTF(), data.readDouble());
                }
                long count = data.readLong();
                return new QualityBaseline(metrics, count < 0 ? null : count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public ReportedWindow decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            boolean changed = in.get() == 1;
            byte[] report = new byte[in.getInt()];
            in.get(report);
            int n = in.getInt();
            byte[] segments = null;
            if (n >= 0) {
                segments = new byte[n];
                in.get(segments);
            }
            return new ReportedWindow(reports.deserializer().deserialize(null, report), segments, decodeReference(in),
                changed);
        }
    }
}
