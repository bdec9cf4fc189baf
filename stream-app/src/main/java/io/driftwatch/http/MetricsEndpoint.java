package io.driftwatch.http;

import io.driftwatch.alerting.MetricCatalog;
import io.driftwatch.metrics.ActiveAlertsGauge;
import io.driftwatch.schemas.Alert;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /metrics}: the Prometheus registry's scrape, in the Prometheus text format (0.0.4), or in
 * OpenMetrics 1.0 when the scraper's Accept header asks for it (Prometheus 2.x does). The alerts
 * firing are read from the stores first ({@link ActiveAlertsGauge}).
 */
final class MetricsEndpoint {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MetricsEndpoint.class);

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Supplier<InstanceQueries> queries;
    private final ActiveAlertsGauge activeAlerts;
    /** The alerts counted at the last scrape. */
    private volatile List<Alert> lastRead = List.of();

    MetricsEndpoint(PrometheusMeterRegistry registry, Supplier<InstanceQueries> queries) {
        this.registry = registry;
        this.queries = queries;
        this.activeAlerts = new ActiveAlertsGauge(registry);
    }

    Reply metrics(ApiRequest request) {
        request.acceptOnly();
        try {
            lastRead = List.copyOf(queries.get().localActiveAlerts());
            activeAlerts.set(lastRead);
        } catch (StoreUnavailableException e) {
            // Starting or rebalancing (restoring a task it was given): the stores cannot be read now, and the last count
            // stands for the models this instance still holds. A task that moved away is counted by its new owner,
            // where its alerts may resolve: counted here too, they were counted twice and kept firing.
            lastRead = stillHeld(lastRead);
            activeAlerts.set(lastRead);
        } catch (RuntimeException e) {
            // Whatever went wrong reading the stores, the rest of the metrics are still served.
            LOG.warn("Could not count the alerts firing for /metrics ({}); the last count stands", e.toString());
        }
        String accept = request.accept() == null ? "" : request.accept().toLowerCase(Locale.ROOT);
        // The registry picks its writer by the content type it is given; pass the one we announce.
        String contentType = accept.contains("application/openmetrics-text") ? OPEN_METRICS : PROMETHEUS_TEXT;
        return Reply.text(200, contentType, registry.scrape(contentType));
    }

    /** The alerts of models whose state (window stage or comparison stage) this instance still holds, as far as it knows. */
    private List<Alert> stillHeld(List<Alert> alerts) {
        InstanceQueries q = queries.get();
        Map<String, Boolean> held = new HashMap<>();
        List<Alert> kept = new ArrayList<>();
        for (Alert a : alerts) {
            // The comparison stage's alerts are held by its own tasks, partitioned apart from the window stage's.
            boolean comparison = MetricCatalog.isComparisonFigure(a.getMetric());
            if (held.computeIfAbsent((comparison ? "comparison:" : "window:") + a.getModelId(), k -> holds(q, a, comparison))) {
                kept.add(a);
            }
        }
        return kept;
    }

    private static boolean holds(InstanceQueries q, Alert a, boolean comparison) {
        try {
            return (comparison ? q.comparisonOwnerOf(a.getModelId()) : q.ownerOf(a.getModelId())).isEmpty();
        } catch (RuntimeException e) {
            return false; // no one holds it right now, so this instance cannot vouch for its count
        }
    }
}
