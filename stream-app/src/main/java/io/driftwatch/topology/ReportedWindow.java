package io.driftwatch.topology;

import io.driftwatch.schemas.WindowReport;
import io.driftwatch.state.ObjectCodec;
import io.driftwatch.topology.serde.AvroBinarySerde;
import java.nio.ByteBuffer;

/**
 * A window already reported, kept until the label horizon passes so that late labels can revise its
 * quality: the last report, the prediction-side segment counts (for fairness), and whether labels
 * arrived since the last emission.
 */
final class ReportedWindow {

    private WindowReport report;
    private final byte[] predictionSegments;
    private boolean changed;

    ReportedWindow(WindowReport report, byte[] predictionSegments, boolean changed) {
        this.report = report;
        this.predictionSegments = predictionSegments;
        this.changed = changed;
    }

    WindowReport report() {
        return report;
    }

    byte[] predictionSegments() {
        return predictionSegments;
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
            return ByteBuffer.allocate(1 + 4 + report.length + 4 + segments.length)
                .put((byte) (w.changed ? 1 : 0))
                .putInt(report.length).put(report)
                .putInt(w.predictionSegments == null ? -1 : segments.length).put(segments)
                .array();
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
            return new ReportedWindow(reports.deserializer().deserialize(null, report), segments, changed);
        }
    }
}
