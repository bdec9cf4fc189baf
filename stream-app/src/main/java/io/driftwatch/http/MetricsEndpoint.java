package io.driftwatch.http;

import io.driftwatch.metrics.ActiveAlertsGauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
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

    MetricsEndpoint(PrometheusMeterRegistry registry, Supplier<InstanceQueries> queries) {
        this.registry = registry;
        this.queries = queries;
        this.activeAlerts = new ActiveAlertsGauge(registry);
    }

    Reply metrics(ApiRequest request) {
        request.acceptOnly();
        try {
            activeAlerts.set(queries.get().localActiveAlerts());
        } catch (StoreUnavailableException e) {
            // Starting or rebalancing: the stores cannot be read now, and the last count stands.
        } catch (RuntimeException e) {
            // Whatever went wrong reading the stores, the rest of the metrics are still served.
            LOG.warn("Could not count the alerts firing for /metrics ({}); the last count stands", e.toString());
        }
        String accept = request.accept() == null ? "" : request.accept().toLowerCase(Locale.ROOT);
        // The registry picks its writer by the content type it is given; pass the one we announce.
        String contentType = accept.contains("application/openmetrics-text") ? OPEN_METRICS : PROMETHEUS_TEXT;
        return Reply.text(200, contentType, registry.scrape(contentType));
    }
}
