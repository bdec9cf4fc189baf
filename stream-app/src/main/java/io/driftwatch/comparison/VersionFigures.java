package io.driftwatch.comparison;

import io.driftwatch.schemas.LatencySummary;
import io.driftwatch.schemas.QualityReport;
import io.driftwatch.schemas.WindowReport;
import java.util.Map;

/**
 * What a comparison takes from one version's window report: the sufficient statistics of every
 * judged figure, so that figures of many windows add up exactly (no second pass over events).
 *
 * @param labelled      labelled predictions (classification or regression)
 * @param correct       of those, right ones (accuracy × labelled, classifiers), or -1 when not reported
 * @param absErrorSum   Σ|e| (mae × labelled, regression), NaN when not reported
 * @param sqErrorSum    Σe² (rmse² × labelled), NaN when not reported
 * @param events        predictions in the window
 * @param errors        of those, failed ones
 * @param latencyCount  latencies measured
 * @param outputs       the window's outputs-only profile (encoded {@code WindowProfile}), null when not carried
 */
public record VersionFigures(String version, long windowStart, long windowEnd, int revision, long labelled, long correct,
                             double absErrorSum, double sqErrorSum, long events, long errors, long latencyCount,
                             double p50, double p95, double p99, byte[] outputs) {

    public VersionFigures(String version, long windowStart, long windowEnd, int revision, long labelled, long correct,
                          double absErrorSum, double sqErrorSum, long events, long errors, long latencyCount,
                          double p50, double p95, double p99) {
        this(version, windowStart, windowEnd, revision, labelled, correct, absErrorSum, sqErrorSum, events, errors,
            latencyCount, p50, p95, p99, null);
    }

    public static VersionFigures of(WindowReport report) {
        return of(report, null);
    }

    /** The figures of a report, with the window's outputs-only profile when the first report carries it. */
    public static VersionFigures of(WindowReport report, byte[] outputs) {
        QualityReport q = report.getQuality();
        long labelled = q == null ? 0 : q.getLabelledCount();
        Map<String, Double> m = q == null ? Map.of() : q.getMetrics();
        Double accuracy = m.get("accuracy");
        Double mae = m.get("mae");
        Double rmse = m.get("rmse");
        LatencySummary latency = report.getLatency();
        return new VersionFigures(report.getModelVersion(), report.getWindowStart().toEpochMilli(),
            report.getWindowEnd().toEpochMilli(), report.getRevision(), labelled,
            accuracy == null ? -1 : Math.round(accuracy * labelled),
            mae == null ? Double.NaN : mae * labelled,
            rmse == null ? Double.NaN : rmse * rmse * labelled,
            report.getEventCount(), report.getErrorCount(),
            latency == null ? 0 : latency.getCount(),
            latency == null ? Double.NaN : latency.getP50Ms(),
            latency == null ? Double.NaN : latency.getP95Ms(),
            latency == null ? Double.NaN : latency.getP99Ms(),
            outputs);
    }

    /** The same figures with the outputs of an earlier report of this window (a revision carries none). */
    VersionFigures withOutputs(byte[] earlier) {
        return outputs != null || earlier == null ? this : new VersionFigures(version, windowStart, windowEnd, revision,
            labelled, correct, absErrorSum, sqErrorSum, events, errors, latencyCount, p50, p95, p99, earlier);
    }

    /** The same figures without the outputs (kept only for versions a comparison judges). */
    VersionFigures withoutOutputs() {
        return outputs == null ? this : new VersionFigures(version, windowStart, windowEnd, revision, labelled, correct,
            absErrorSum, sqErrorSum, events, errors, latencyCount, p50, p95, p99, null);
    }

    /** The tally this window adds for {@code metric}: (count, sum, sum of squares) of the per-observation values. */
    Tally tally(JudgedMetric metric) {
        return switch (metric) {
            case ACCURACY -> correct < 0 ? Tally.EMPTY : new Tally(labelled, correct, correct);
            case ERROR_RATE -> new Tally(events, errors, errors);
            case ABSOLUTE_ERROR -> Double.isNaN(absErrorSum) ? Tally.EMPTY : new Tally(labelled, absErrorSum, sqErrorSum);
            default -> Tally.EMPTY;
        };
    }

    /** The window's quantile for a latency metric, NaN when not measured. */
    double quantile(JudgedMetric metric) {
        return switch (metric) {
            case LATENCY_P50 -> p50;
            case LATENCY_P95 -> p95;
            case LATENCY_P99 -> p99;
            default -> Double.NaN;
        };
    }
}
