package io.driftwatch.metrics;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns each window report and alert transition into Prometheus metrics. The report gauges of a model version
 * are exactly the series of the latest report recorded for it ({@link ReportSeries}): a series that report does
 * not carry is removed, so that Prometheus sees it absent rather than an older window's value; and
 * {@link #withdraw} removes them all when the version's task leaves this instance. The caller records only the
 * version's newest window (and its revisions). Per-feature series are capped, because a model with thousands
 * of features would otherwise flood Prometheus; series beyond the cap are counted in
 * {@code driftwatch_metric_series_dropped_total}. Thread-safe: every stream thread reports here.
 */
public final class ReportMetrics {

    private record Version(String model, String version) {
    }

    private final MeterRegistry registry;
    private final int maxFeatureSeries;
    private final Map<Version, SeriesSet> versions = new ConcurrentHashMap<>();
    private final Map<Version, Quality> qualities = new ConcurrentHashMap<>();
    private final AtomicLong featureSeries = new AtomicLong();
    private final Counter dropped;
    private final ActiveAlertsGauge activeAlerts;

    public ReportMetrics(MeterRegistry registry, int maxFeatureSeries) {
        this.registry = registry;
        this.maxFeatureSeries = maxFeatureSeries;
        this.activeAlerts = new ActiveAlertsGauge(registry);
        this.dropped = Counter.builder("driftwatch_metric_series_dropped")
            .description("Per-feature metric updates not exported because metrics.max.feature.series was reached")
            .register(registry);
    }

    /** The realised-quality gauges of a version and the window they come from. */
    private static final class Quality {
        private final SeriesSet series;
        private long windowStart = Long.MIN_VALUE;

        Quality(SeriesSet series) {
            this.series = series;
        }
    }

    /**
     * The version's gauges become those of {@code r}: call it with the version's newest window only (a first
     * report or a revision). Its quality, if it has any yet, too ({@link #recordQuality}).
     */
    public void record(WindowReport r) {
        ReportSeries series = ReportSeries.of(r);
        versions.computeIfAbsent(new Version(r.getModelId(), r.getModelVersion()),
                v -> new SeriesSet(registry, this::admit, this::removed))
            .replace(series.samples(), id -> series.held().contains(id.getTag("feature")));
        recordQuality(r);
    }

    /**
     * The version's realised-quality gauges become those of {@code r} if it has labels and its window is not
     * older than theirs; any report, of any window, may bring them. A window's first report comes before its
     * labels, so quality lags the other gauges: following only the newest window would remove the series at
     * every window's first report (a gap that restarts every rule's {@code for:}), and never show them at all
     * when labels take longer than a window or two. They never move back to an older window.
     */
    public void recordQuality(WindowReport r) {
        if (r.getQuality() == null) {
            return;
        }
        Quality q = qualities.computeIfAbsent(new Version(r.getModelId(), r.getModelVersion()),
            v -> new Quality(new SeriesSet(registry)));
        long start = r.getWindowStart().toEpochMilli();
        synchronized (q) {
            if (start >= q.windowStart) {
                q.series.replace(ReportSeries.quality(r), id -> false);
                q.windowStart = start;
            }
        }
    }

    /** Removes every gauge of the model version: its task left this instance, whose values would go stale. */
    public void withdraw(String model, String version) {
        Version v = new Version(model, version);
        SeriesSet gone = versions.remove(v);
        if (gone != null) {
            gone.clear();
        }
        Quality quality = qualities.remove(v);
        if (quality != null) {
            quality.series.clear();
        }
    }

    private boolean admit(SeriesSet.Sample s) {
        if (!ReportSeries.PER_FEATURE.contains(s.name())) {
            return true;
        }
        long taken;
        do {
            taken = featureSeries.get();
            if (taken >= maxFeatureSeries) {
                dropped.increment();
                return false;
            }
        } while (!featureSeries.compareAndSet(taken, taken + 1));
        return true;
    }

    private void removed(Meter.Id id) {
        if (ReportSeries.PER_FEATURE.contains(id.getName())) {
            featureSeries.decrementAndGet();
        }
    }

    /** Counts one audit record appended to a chain. */
    public void recordAudit(io.driftwatch.schemas.AuditType type) {
        Counter.builder("driftwatch_audit_records").description("Audit records appended to the chains, by type")
            .tag("type", type.name().toLowerCase(java.util.Locale.ROOT))
            .register(registry).increment();
    }

    /**
     * The alerts firing in this instance's tasks: one gauge for every stage that keeps alerts, each task adding its
     * own part, so that alerts of one tag set held by two tasks add up.
     */
    public ActiveAlertsGauge activeAlerts() {
        return activeAlerts;
    }

    /** Counts one alert transition emitted (the alerts firing are {@link #activeAlerts}'). */
    public void record(Alert a) {
        Counter.builder("driftwatch_alert_transitions").description("Alert transitions emitted")
            .tag("status", a.getStatus().name().toLowerCase(java.util.Locale.ROOT))
            .tag("severity", a.getSeverity().name().toLowerCase(java.util.Locale.ROOT))
            .register(registry).increment();
    }
}
