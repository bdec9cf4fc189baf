package io.driftwatch.topology;

import io.driftwatch.schemas.WindowReport;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each model version's newest window report (what the HTTP API serves and the report gauges show) and its newest
 * report with realised quality, which the quality gauges show. A window's first report comes before its labels, so
 * the two are often different windows. Both are kept in changelogged stores, so that a task that starts (a restart,
 * or a rebalance that moved it here) can export every gauge at once: the newest labelled report could otherwise be
 * rebuilt only from the next report with labels, which with labels sent in daily batches is a day away, long after
 * Prometheus has resolved every rule firing on those gauges.
 */
final class LatestReports {

    private final KeyValueStore<String, WindowReport> latest;
    private final KeyValueStore<String, WindowReport> labelled;

    LatestReports(KeyValueStore<String, WindowReport> latest, KeyValueStore<String, WindowReport> labelled) {
        this.latest = latest;
        this.labelled = labelled;
    }

    /**
     * Keeps {@code report} as its version's newest report, and as its newest labelled one if it has quality, unless
     * the kept one is of a later window: a revision of an older window (late labels) must not set either back.
     *
     * @return whether it became the version's newest report
     */
    boolean offer(WindowReport report) {
        String version = versionKey(report);
        if (report.getQuality() != null && notOlder(report, labelled.get(version))) {
            labelled.put(version, report);
        }
        if (notOlder(report, latest.get(version))) {
            latest.put(version, report);
            return true;
        }
        return false;
    }

    /**
     * Hands every kept version that is not {@code silent} to {@code newest} with its newest report, and then to
     * {@code newestLabelled} with its newest labelled one.
     */
    void replay(Predicate<String> silent, Consumer<WindowReport> newest,
                Consumer<WindowReport> newestLabelled) {
        replay(latest, silent, newest);
        replay(labelled, silent, newestLabelled);
    }

    private static void replay(KeyValueStore<String, WindowReport> store, Predicate<String> silent,
                               Consumer<WindowReport> to) {
        try (KeyValueIterator<String, WindowReport> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, WindowReport> kept = it.next();
                if (!silent.test(kept.key)) {
                    to.accept(kept.value);
                }
            }
        }
    }

    static String versionKey(WindowReport report) {
        return report.getModelId() + '/' + report.getModelVersion();
    }

    private static boolean notOlder(WindowReport report, WindowReport kept) {
        return kept == null || !kept.getWindowStart().isAfter(report.getWindowStart());
    }
}
