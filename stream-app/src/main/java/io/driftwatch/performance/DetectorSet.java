package io.driftwatch.performance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The concept-drift detectors of one model version, fed with its stream of per-prediction errors in
 * the order labels arrive, and what each has signalled since the last window report.
 *
 * <p>Classifiers feed 0/1 errors to every configured detector. Regression models feed the absolute
 * error to Page–Hinkley only: ADWIN's bound and DDM's binomial model assume values in [0, 1] and
 * Bernoulli errors respectively, which an unbounded absolute error is not. Page–Hinkley's λ (50)
 * and δ (0.005) are in the units of what it watches; for a regression model those would be the
 * units of its target, so its absolute errors are first divided by their mean over the first
 * {@value #REGRESSION_WARMUP} labelled predictions, making λ "fifty typical errors" whatever the unit.
 */
public final class DetectorSet {

    private static final byte VERSION = 2;
    static final int REGRESSION_WARMUP = 100;

    /** What one detector reports in a window report. */
    public record Result(String detector, boolean detected, boolean warning, long detectionsTotal,
                         long observations, Double estimate) {}

    private final Map<String, ConceptDriftDetector> detectors;
    private final Map<String, long[]> detectedSinceReport;
    private final boolean regression;
    private long warmupCount;
    private double warmupSum;
    private double scale;

    private DetectorSet(Map<String, ConceptDriftDetector> detectors, Map<String, long[]> detectedSinceReport,
                        boolean regression) {
        this.detectors = detectors;
        this.detectedSinceReport = detectedSinceReport;
        this.regression = regression;
    }

    /** Fresh detectors with the given ids ({@link ConceptDriftDetectors#IDS}), for a classifier or a regression model. */
    public static DetectorSet create(List<String> ids, boolean regression) {
        Map<String, ConceptDriftDetector> d = new LinkedHashMap<>();
        Map<String, long[]> seen = new LinkedHashMap<>();
        for (String id : ids) {
            if (regression && !id.equals(PageHinkley.ID)) {
                continue;
            }
            d.put(id, ConceptDriftDetectors.create(id));
            seen.put(id, new long[1]);
        }
        return new DetectorSet(d, seen, regression);
    }

    /** Feeds one error; returns the ids of the detectors that signalled a change on it (usually none). */
    public List<String> update(double error) {
        if (regression) {
            if (scale == 0) {
                warmupSum += error;
                if (++warmupCount == REGRESSION_WARMUP) {
                    scale = warmupSum > 0 ? warmupSum / REGRESSION_WARMUP : 1.0;
                }
                return List.of();
            }
            error = error / scale;
        }
        List<String> signalled = List.of();
        for (Map.Entry<String, ConceptDriftDetector> e : detectors.entrySet()) {
            if (e.getValue().update(error)) {
                detectedSinceReport.get(e.getKey())[0]++;
                if (signalled.isEmpty()) {
                    signalled = new ArrayList<>(2);
                }
                signalled.add(e.getKey());
            }
        }
        return signalled;
    }

    /** Each detector's state, and whether it signalled since the previous call, which it then forgets. */
    public List<Result> reportAndReset() {
        List<Result> results = peek();
        detectedSinceReport.values().forEach(since -> since[0] = 0);
        return results;
    }

    /** Each detector's state and whether it signalled since the last {@link #reportAndReset()}. */
    public List<Result> peek() {
        List<Result> results = new ArrayList<>();
        for (Map.Entry<String, ConceptDriftDetector> e : detectors.entrySet()) {
            ConceptDriftDetector d = e.getValue();
            long[] since = detectedSinceReport.get(e.getKey());
            double estimate = d.estimate();
            results.add(new Result(e.getKey(), since[0] > 0, d.inWarning(), d.detections(), d.observations(),
                Double.isFinite(estimate) ? estimate : null));
        }
        return results;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeBoolean(regression);
            out.writeLong(warmupCount);
            out.writeDouble(warmupSum);
            out.writeDouble(scale);
            out.writeInt(detectors.size());
            for (Map.Entry<String, ConceptDriftDetector> e : detectors.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(detectedSinceReport.get(e.getKey())[0]);
                byte[] state = e.getValue().toBytes();
                out.writeInt(state.length);
                out.write(state);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static DetectorSet fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("Unknown detector set format version " + version);
            }
            boolean regression = in.readBoolean();
            long warmupCount = in.readLong();
            double warmupSum = in.readDouble();
            double scale = in.readDouble();
            int n = in.readInt();
            Map<String, ConceptDriftDetector> d = new LinkedHashMap<>();
            Map<String, long[]> seen = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                seen.put(id, new long[] {in.readLong()});
                byte[] state = new byte[in.readInt()];
                in.readFully(state);
                d.put(id, ConceptDriftDetectors.restore(id, state));
            }
            DetectorSet set = new DetectorSet(d, seen, regression);
            set.warmupCount = warmupCount;
            set.warmupSum = warmupSum;
            set.scale = scale;
            return set;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Corrupt detector state (" + data.length + " bytes): " + e.getMessage(), e);
        }
    }
}
