package io.driftwatch.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.alerting.MetricCatalog;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.WindowReport;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/models} (every model version known to the cluster, in brief) and
 * {@code /api/models/{id}/reports/latest} (the full latest report of each version of one model,
 * answered by the instance that holds the model).
 */
final class ModelEndpoints {

    /** Same version on two instances (during a move): the later window wins, then the later revision. */
    static final ClusterList.Kind MODELS = new ClusterList.Kind("models",
        n -> versionKey(n.path("model_id").asText(), n.path("model_version").asText()),
        Comparator.comparing((JsonNode n) -> ApiJson.time(n.get("window_start")))
            .thenComparingInt(n -> n.path("revision").asInt()),
        Comparator.comparing((JsonNode n) -> n.path("model_id").asText())
            .thenComparing(n -> n.path("model_version").asText()));

    private final Supplier<InstanceQueries> queries;
    private final PeerClient peers;
    private final ClusterList lists;
    private final ApiJson json;

    ModelEndpoints(Supplier<InstanceQueries> queries, PeerClient peers, ClusterList lists, ApiJson json) {
        this.queries = queries;
        this.peers = peers;
        this.lists = lists;
        this.json = json;
    }

    Reply models(ApiRequest request) {
        request.acceptOnly("scope");
        InstanceQueries q = queries.get();
        // The alerts of a version's own reports live on the instance that holds its reports (both are written by
        // its merge task). The comparison stage's (on comparison.* metrics) are held by its own task, which may run
        // elsewhere: counting them here would depend on where the tasks landed. They are in /api/alerts.
        Map<String, Integer> firing = new HashMap<>();
        for (Alert a : q.localActiveAlerts()) {
            if (a.getStatus() == AlertStatus.FIRING && !MetricCatalog.isComparisonFigure(a.getMetric())) {
                firing.merge(versionKey(a.getModelId(), a.getModelVersion()), 1, Integer::sum);
            }
        }
        List<ObjectNode> items = new ArrayList<>();
        java.util.Set<String> reported = new java.util.HashSet<>();
        for (WindowReport r : q.localLatestReports()) {
            reported.add(versionKey(r.getModelId(), r.getModelVersion()));
            items.add(json.summary(r, firing.getOrDefault(versionKey(r.getModelId(), r.getModelVersion()), 0)));
        }
        // A version whose events all came late has no report; listed anyway, with why, or it would seem not to exist.
        for (io.driftwatch.topology.LateOnlyVersion late : q.localLateOnlyVersions()) {
            if (!reported.contains(versionKey(late.modelId(), late.modelVersion()))) {
                items.add(json.lateOnly(late, q.windowGrace()));
            }
        }
        return Reply.json(200, request.localOnly()
            ? lists.local(MODELS, items)
            : lists.cluster(MODELS, items, q.otherInstances(), "/api/models?scope=local"));
    }

    Reply latestReports(ApiRequest request, String modelId) {
        request.acceptOnly("version", "scope");
        InstanceQueries q = queries.get();
        if (!request.localOnly()) {
            Optional<URI> owner = q.ownerOf(modelId);
            if (owner.isPresent()) {
                return peers.forward(owner.get(), request.target());
            }
        }
        List<WindowReport> reports = new ArrayList<>();
        for (WindowReport r : q.localLatestReports()) {
            if (r.getModelId().equals(modelId)) {
                reports.add(r);
            }
        }
        if (reports.isEmpty()) {
            for (io.driftwatch.topology.LateOnlyVersion late : q.localLateOnlyVersions()) {
                if (late.modelId().equals(modelId)) {
                    return Reply.error(404, "Model '" + modelId + "' version '" + late.modelVersion() + "' has "
                        + late.reason(q.windowGrace()) + ". GET /api/models lists it with its late_event_count.");
                }
            }
            return Reply.error(404, "Model '" + modelId + "' is unknown: no window of it has been reported yet."
                + " Model ids are case-sensitive; GET /api/models lists the known ones. Events whose event_time is older"
                + " than their window's end plus window.grace are late: counted (driftwatch_late_events_total), not"
                + " reported.");
        }
        reports.sort(Comparator.comparing(WindowReport::getModelVersion));
        String version = request.param("version");
        if (version != null) {
            List<String> known = reports.stream().map(WindowReport::getModelVersion).toList();
            reports.removeIf(r -> !r.getModelVersion().equals(version));
            if (reports.isEmpty()) {
                return Reply.error(404, "Model '" + modelId + "' has no reported version '" + version
                    + "'; its versions are " + known);
            }
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model_id", modelId);
        ArrayNode array = body.putArray("reports");
        reports.forEach(r -> array.add(json.report(r)));
        return Reply.json(200, body);
    }

    /** Separated by NUL, not '/', so that ids containing '/' cannot make two versions look like one. */
    private static String versionKey(String modelId, String version) {
        return modelId + '\u0000' + version;
    }
}
