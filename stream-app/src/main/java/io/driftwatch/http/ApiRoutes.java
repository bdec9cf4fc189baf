package io.driftwatch.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which endpoint answers a request, and how failures become answers: unknown path 404, a method
 * other than GET or HEAD 405 with {@code Allow: GET, HEAD}, a bad parameter 400, state not readable now 503 with
 * {@code Retry-After}, anything else 500. Every error body is JSON: {@code {"status": .., "error": ".."}}.
 */
final class ApiRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

    /** An endpoint as the index at {@code /} lists it. */
    private record Entry(String path, String description) {}

    private static final List<Entry> INDEX = List.of(
        new Entry("/metrics", "Prometheus metrics (text format 0.0.4, or OpenMetrics when accepted)"),
        new Entry("/health", "Liveness: 503 when Kafka Streams is in ERROR, PENDING_ERROR or NOT_RUNNING"),
        new Entry("/ready", "Readiness: 200 only while Kafka Streams is RUNNING"),
        new Entry("/api/models", "Every model version known, with its latest window in brief (?scope=local)"),
        new Entry("/api/models/{id}/reports/latest", "Latest window report of each version of a model (?version=)"),
        new Entry("/api/models/{id}/comparisons", "Latest report and decision of each canary, shadow or A/B comparison of a model"),
        new Entry("/api/alerts", "Alerts firing, newest first (?model=, ?severity=info|warning|critical)"));

    private final MetricsEndpoint metrics;
    private final HealthEndpoints health;
    private final ModelEndpoints models;
    private final AlertEndpoint alerts;
    private final ComparisonEndpoint comparisons;

    ApiRoutes(MetricsEndpoint metrics, HealthEndpoints health, ModelEndpoints models, AlertEndpoint alerts,
              ComparisonEndpoint comparisons) {
        this.metrics = metrics;
        this.health = health;
        this.models = models;
        this.alerts = alerts;
        this.comparisons = comparisons;
    }

    Reply handle(ApiRequest request) {
        Function<ApiRequest, Reply> endpoint = route(request.segments());
        if (endpoint == null) {
            return Reply.error(404, "No endpoint at " + request.path() + "; GET / lists the endpoints");
        }
        // HEAD is GET without the body (the server drops it): what curl -I and uptime checkers send.
        if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
            return Reply.error(405, request.method() + " is not supported on " + request.path() + "; use GET")
                .withHeader("Allow", "GET, HEAD");
        }
        try {
            return endpoint.apply(request);
        } catch (BadRequestException e) {
            return Reply.error(400, e.getMessage());
        } catch (StoreUnavailableException e) {
            return Reply.unavailable(e.getMessage());
        } catch (RuntimeException e) {
            // The exception's text may name hosts, files or settings: it goes to the log, and the body
            // carries an id that finds it there.
            String errorId = String.format("%08x", ThreadLocalRandom.current().nextInt());
            LOG.error("Failed to answer GET {} (error {})", request.target(), errorId, e);
            return Reply.error(500, "Internal error answering " + request.path() + "; the instance's log has the details"
                + " under error " + errorId);
        }
    }

    private Function<ApiRequest, Reply> route(List<String> s) {
        if (s.isEmpty()) {
            return this::index;
        }
        if (s.size() == 1) {
            return switch (s.get(0)) {
                case "metrics" -> metrics::metrics;
                case "health" -> health::health;
                case "ready" -> health::ready;
                default -> null;
            };
        }
        if (!s.get(0).equals("api")) {
            return null;
        }
        if (s.size() == 2) {
            return switch (s.get(1)) {
                case "models" -> models::models;
                case "alerts" -> alerts::alerts;
                default -> null;
            };
        }
        if (s.size() == 4 && s.get(1).equals("models") && s.get(3).equals("comparisons")) {
            String modelId = s.get(2);
            return r -> comparisons.comparisons(r, modelId);
        }
        if (s.size() == 5 && s.get(1).equals("models") && s.get(3).equals("reports") && s.get(4).equals("latest")) {
            String modelId = s.get(2);
            return r -> models.latestReports(r, modelId);
        }
        return null;
    }

    private Reply index(ApiRequest request) {
        request.acceptOnly();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("service", "driftwatch");
        ArrayNode endpoints = body.putArray("endpoints");
        for (Entry e : INDEX) {
            endpoints.addObject().put("path", e.path()).put("description", e.description());
        }
        return Reply.json(200, body);
    }
}
