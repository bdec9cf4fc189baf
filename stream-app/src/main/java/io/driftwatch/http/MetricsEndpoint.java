package io.driftwatch.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;

/**
 * {@code /metrics}: the Prometheus registry's scrape, in the Prometheus text format (0.0.4), or in
 * OpenMetrics 1.0 when the scraper's Accept header asks for it (Prometheus 2.x does). It reads no
 * store: every gauge is set by the tasks themselves ({@link io.driftwatch.metrics.ActiveAlertsGauge}
 * for the alerts firing), so a scrape answers alike while tasks restore.
 */
final class MetricsEndpoint {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    Reply metrics(ApiRequest request) {
        request.acceptOnly();
        String accept = request.accept() == null ? "" : request.accept().toLowerCase(Locale.ROOT);
        // The registry picks its writer by the content type it is given; pass the one we announce.
        String contentType = accept.contains("application/openmetrics-text") ? OPEN_METRICS : PROMETHEUS_TEXT;
        return Reply.text(200, contentType, registry.scrape(contentType));
    }
}
