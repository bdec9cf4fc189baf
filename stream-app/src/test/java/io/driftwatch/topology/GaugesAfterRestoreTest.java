package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.Reports;
import io.driftwatch.alerting.RulesSource;
import io.driftwatch.comparison.ComparisonGauges;
import io.driftwatch.comparison.ComparisonProcessor;
import io.driftwatch.comparison.ComparisonReports;
import io.driftwatch.comparison.ComparisonStores;
import io.driftwatch.comparison.ComparisonsSource;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.http.ApiFixtures;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.report.QualitySections;
import io.driftwatch.report.WindowReportBuilder;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.Severity;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.state.LiveObjectStore;
import io.driftwatch.topology.serde.AvroBinarySerde;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md: a task that starts with state in its restored stores (a restart, or a task moved here) exports its
 * gauges as soon as Kafka Streams initialises it, before it processes any record, and withdraws them when it closes:
 * {@code driftwatch_alerts_active} from the alerts firing in its store, and each model version's report gauges from
 * its latest report. Each processor runs on a mock context whose stores hold what the restore left in them.
 */
class GaugesAfterRestoreTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    private static final TopologyStores STORES = TopologyStores.defaults();
    private static final ComparisonStores COMPARISON_STORES = ComparisonStores.defaults();
    private static final io.driftwatch.profile.AgreedWindowLayout MINUTE_WINDOWS = io.driftwatch.profile.AgreedWindowLayout.of(
        io.driftwatch.profile.WindowLayout.of(java.time.Duration.ofMinutes(1)));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyDependencies deps = TopologyDependencies.of(new BinaryTopicSerdes(), registry,
        RulesSource.defaults(), Clock.systemUTC(), 1000);
    private final DriftwatchConfig config = DriftwatchConfig.from(Map.of("window.size", "1m"));

    @Test
    void restoredMergeTasksCountTheirFiringAlertsAtInitAndAddUp() {
        RestoredTask<String, MergeOutput> first = mergeTask(new TaskId(1, 0));
        first.restored("a1", alert("a1", "fraud", Severity.CRITICAL));
        first.restored("a2", alert("a2", "churn", Severity.WARNING));
        WindowMergeProcessor firstMerge = mergeProcessor();

        firstMerge.init(first.context);

        assertThat(active("fraud", "critical")).as("counted without any record").isEqualTo(1.0);
        assertThat(active("churn", "warning")).isEqualTo(1.0);

        // Another task of this instance, holding an alert of the same tags (another feature: another fingerprint).
        RestoredTask<String, MergeOutput> second = mergeTask(new TaskId(1, 1));
        second.restored("a3", alert("a3", "fraud", Severity.CRITICAL));
        WindowMergeProcessor secondMerge = mergeProcessor();
        secondMerge.init(second.context);

        assertThat(active("fraud", "critical")).isEqualTo(2.0);

        firstMerge.close();
        assertThat(active("fraud", "critical")).isEqualTo(1.0);
        assertThat(active("churn", "warning")).as("its series withdrawn").isNull();
        secondMerge.close();
        assertThat(registry.find("driftwatch_alerts_active").gauges()).isEmpty();
    }

    /**
     * The old owner withdrew the gauges when the task left it; had the new one waited for each version's next window,
     * every Prometheus rule firing on them would have resolved and started its {@code for:} again.
     */
    @Test
    void aRestoredMergeTaskExportsEachVersionsLatestReportAtInitButNotASilentVersions() {
        RestoredTask<String, MergeOutput> task = mergeTask(new TaskId(1, 0));
        Instant fraudEnd = Reports.T0.plus(Reports.WINDOW);
        task.latestReport(Reports.window("fraud", "3", 0).setEventCount(1234).build());
        task.progress("fraud/3", fraudEnd);
        // Retired: its newest window ended ten days before the watermark, beyond the seven-day label horizon.
        int retiredIndex = -24 * 10;
        task.latestReport(Reports.window("churn", "1", retiredIndex).build());
        task.progress("churn/1", Reports.T0.plus(Reports.WINDOW.multipliedBy(retiredIndex + 1)));
        task.watermark("predictions-0", fraudEnd);
        WindowMergeProcessor merge = mergeProcessor();

        merge.init(task.context);

        assertThat(windowEvents("fraud", "3")).as("exported without any record").isEqualTo(1234.0);
        assertThat(registry.find("driftwatch_window_events").tag("model", "churn").gauges()).as("retired").isEmpty();

        merge.close();
        assertThat(windowEvents("fraud", "3")).as("withdrawn at close").isNull();
    }

    /**
     * A window's first report comes before its labels: the newest report often has no quality, and the quality gauges
     * show the newest window that has. Rebuilt only from the next labels (a day away, with labels sent in daily batches),
     * they would be absent after a move long enough for Prometheus to resolve a quality alert and fire it again later.
     */
    @Test
    void aRestoredMergeTaskExportsTheQualityOfItsNewestLabelledReportWhenItsNewestReportHasNone() {
        RestoredTask<String, MergeOutput> task = mergeTask(new TaskId(1, 0));
        // What the old owner's publisher kept: window 0 with its labels, window 1 before its labels, then late labels
        // of window 0 in a revision, which is the newest labelled report but not the newest report.
        LatestReports kept = new LatestReports(task.latestReports, task.latestLabelledReports);
        assertThat(kept.offer(Reports.window("fraud", "3", 0).setQuality(Reports.quality(1000, 800, 0.71, 0.9)).build()))
            .isTrue();
        assertThat(kept.offer(Reports.window("fraud", "3", 1).setEventCount(1234).build())).isTrue();
        assertThat(kept.offer(Reports.window("fraud", "3", 0).setRevision(1)
            .setQuality(Reports.quality(1000, 900, 0.7, 0.9)).build())).as("an older window's revision").isFalse();
        Instant end = Reports.T0.plus(Reports.WINDOW.multipliedBy(2));
        task.progress("fraud/3", end);
        task.watermark("predictions-0", end);
        WindowMergeProcessor merge = mergeProcessor();

        merge.init(task.context);

        assertThat(windowEvents("fraud", "3")).as("the newest report's").isEqualTo(1234.0);
        assertThat(gauge("driftwatch_quality", "fraud", "metric", "accuracy")).as("the newest labels'").isEqualTo(0.7);
        assertThat(gauge("driftwatch_labelled_events", "fraud")).isEqualTo(900.0);

        merge.close();
        assertThat(gauge("driftwatch_quality", "fraud", "metric", "accuracy")).as("withdrawn at close").isNull();
    }

    @Test
    void withoutAWatermarkYetEveryVersionsLatestReportIsExported() {
        RestoredTask<String, MergeOutput> task = mergeTask(new TaskId(1, 0));
        task.latestReport(Reports.window("churn", "1", -24 * 10).setEventCount(77).build());
        task.progress("churn/1", Reports.T0.minus(Duration.ofDays(10)));

        mergeProcessor().init(task.context);

        assertThat(windowEvents("churn", "1")).as("silent or not is unknown until a partition reports").isEqualTo(77.0);
    }

    @Test
    void aRestoredComparisonTaskExportsItsGaugesAndCountsItsFiringAlertsAtInitAndWithdrawsBothAtClose() {
        RestoredTask<String, io.driftwatch.comparison.ComparisonOutput> task = new RestoredTask<>(new TaskId(7, 0),
            COMPARISON_STORES.activeAlerts());
        task.keyValueStores(COMPARISON_STORES.roles(), COMPARISON_STORES.figures(), COMPARISON_STORES.states(),
            COMPARISON_STORES.auditHeads(), COMPARISON_STORES.alertStates());
        task.restored("fraud/c1", alert("c1", "fraud", Severity.CRITICAL));
        KeyValueStore<String, io.driftwatch.schemas.ComparisonReport> latest = task.add(COMPARISON_STORES.latest(),
            new AvroBinarySerde<>(io.driftwatch.schemas.ComparisonReport.class));
        latest.put("fraud/1/2", ComparisonReports.window("fraud", "1", "2", 4, List.of(
            ComparisonReports.figure("accuracy", 0.9, 0.8, 900, 100, -0.05, 0.01)), null));
        ComparisonProcessor comparisons = new ComparisonProcessor(COMPARISON_STORES, ComparisonsSource.standard(),
            new ComparisonGauges(registry), deps.reportMetrics(), Duration.ofSeconds(10), Duration.ofHours(1), MINUTE_WINDOWS,
            Duration.ofSeconds(10), RulesSource.defaults());

        comparisons.init(task.context);
        assertThat(active("fraud", "critical")).as("counted without any record").isEqualTo(1.0);
        assertThat(comparisonDifference("fraud")).as("exported from the latest report without any record")
            .isEqualTo(-0.05);

        comparisons.close();
        assertThat(registry.find("driftwatch_alerts_active").gauges()).isEmpty();
        assertThat(comparisonDifference("fraud")).as("withdrawn at close").isNull();
    }

    /** A task of the merge stage, with every store its processor looks up. */
    private static RestoredTask<String, MergeOutput> mergeTask(TaskId id) {
        RestoredTask<String, MergeOutput> task = new RestoredTask<>(id, STORES.activeAlerts(),
            STORES.mergedWindows(), STORES.windowQuality(), STORES.reportedWindows(), STORES.detectors());
        task.keyValueStores(STORES.versionProgress(), STORES.pendingBaselines(),
            STORES.qualityBaselines(), STORES.publishedBaselines(), STORES.capturedBaselines(), STORES.rulesApplied(),
            STORES.alertStates(), STORES.auditHeads());
        task.latestReports = task.add(STORES.latestReports(), new AvroBinarySerde<>(WindowReport.class));
        task.latestLabelledReports = task.add(STORES.latestLabelledReports(), new AvroBinarySerde<>(WindowReport.class));
        task.watermarks = task.add(STORES.sourceWatermarks(), Serdes.Long());
        return task;
    }

    private Double windowEvents(String model, String version) {
        Gauge g = registry.find("driftwatch_window_events").tags("model", model, "version", version).gauge();
        return g == null ? null : g.value();
    }

    private Double comparisonDifference(String model) {
        Gauge g = registry.find("driftwatch_comparison_difference").tags("model", model, "metric", "accuracy").gauge();
        return g == null ? null : g.value();
    }

    /** A gauge of {@code model} v3, with more tags if given, or null when there is none. */
    private Double gauge(String name, String model, String... tags) {
        Gauge g = registry.find(name).tags("model", model, "version", "3").tags(tags).gauge();
        return g == null ? null : g.value();
    }

    private WindowMergeProcessor mergeProcessor() {
        return new WindowMergeProcessor(STORES, config, new WindowReportBuilder(config.drift(), MINUTE_WINDOWS),
            new QualitySections(config.fairness()), deps);
    }

    private static Alert alert(String fingerprint, String model, Severity severity) {
        return ApiFixtures.alert(fingerprint, model, "3", severity, T);
    }

    /** The series of {@code model} v3, rule feature-drift, or null when there is none. */
    private Double active(String model, String severity) {
        Gauge g = registry.find("driftwatch_alerts_active")
            .tags("model", model, "version", "3", "rule", "feature-drift", "severity", severity).gauge();
        return g == null ? null : g.value();
    }

    /**
     * A task's context and in-memory stores, filled as its restore leaves them before Kafka Streams initialises its
     * processors.
     */
    private static final class RestoredTask<K, V> {
        final MockProcessorContext<K, V> context;
        private final KeyValueStore<String, Alert> activeAlerts;

        /** @param liveObjectStores stores the processor holds as {@link LiveObjectStore}s (init only looks them up) */
        RestoredTask(TaskId id, String activeAlertsStore, String... liveObjectStores) {
            context = new MockProcessorContext<>(new Properties(), id, null);
            context.setCurrentSystemTimeMs(T.toEpochMilli());
            activeAlerts = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(activeAlertsStore), Serdes.String(),
                new AvroBinarySerde<>(Alert.class)).withLoggingDisabled().build();
            add(activeAlerts);
            for (String name : liveObjectStores) {
                add(new LiveObjectStore<>(bytes(name), new WindowProfileCodec()));
            }
        }

        /** Stores the processor only looks up at init: empty, of bytes whatever they hold in production. */
        void keyValueStores(String... names) {
            for (String name : names) {
                add(bytes(name));
            }
        }

        void restored(String key, Alert alert) {
            activeAlerts.put(key, alert);
        }

        // The merge stage's typed stores; null in a comparison task.
        KeyValueStore<String, WindowReport> latestReports;
        KeyValueStore<String, WindowReport> latestLabelledReports;
        KeyValueStore<String, Long> watermarks;

        void latestReport(WindowReport report) {
            latestReports.put(report.getModelId() + '/' + report.getModelVersion(), report);
        }

        /** The end of the version's newest closed window, as the merge stage keeps it. */
        void progress(String version, Instant lastClosedEnd) {
            KeyValueStore<String, byte[]> progress = context.getStateStore(STORES.versionProgress());
            progress.put(version, new VersionProgress(lastClosedEnd.toEpochMilli(), 0, Long.MIN_VALUE).encode());
        }

        void watermark(String source, Instant watermark) {
            watermarks.put(source, watermark.toEpochMilli());
        }

        <T> KeyValueStore<String, T> add(String name, org.apache.kafka.common.serialization.Serde<T> values) {
            KeyValueStore<String, T> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), values).withLoggingDisabled().build();
            add(store);
            return store;
        }

        private static KeyValueStore<String, byte[]> bytes(String name) {
            return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        }

        private void add(org.apache.kafka.streams.processor.StateStore store) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
    }
}
