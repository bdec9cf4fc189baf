package io.driftwatch.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.Severity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** {@code /api/alerts}: the alerts firing anywhere in the cluster, newest first, filtered by model and severity. */
final class AlertEndpoint {

    /**
     * Newest first: latest {@code starts_at} (when the episode started firing), then latest
     * {@code emitted_at}, then fingerprint so the order is stable. Of two copies the later emitted wins.
     */
    static final ClusterList.Kind ALERTS = new ClusterList.Kind("alerts",
        n -> n.path("fingerprint").asText(),
        Comparator.comparing((JsonNode n) -> ApiJson.time(n.get("emitted_at"))),
        Comparator.comparing((JsonNode n) -> ApiJson.time(n.get("starts_at"))).reversed()
            .thenComparing(Comparator.comparing((JsonNode n) -> ApiJson.time(n.get("emitted_at"))).reversed())
            .thenComparing(n -> n.path("fingerprint").asText()));

    private final Supplier<InstanceQueries> queries;
    private final ClusterList lists;
    private final ApiJson json;

    AlertEndpoint(Supplier<InstanceQueries> queries, ClusterList lists, ApiJson json) {
        this.queries = queries;
        this.lists = lists;
        this.json = json;
    }

    Reply alerts(ApiRequest request) {
        request.acceptOnly("scope", "model", "severity");
        String model = request.param("model");
        Severity severity = severity(request.param("severity"));
        InstanceQueries q = queries.get();
        List<ObjectNode> items = new ArrayList<>();
        for (Alert a : q.localActiveAlerts()) {
            if (a.getStatus() == AlertStatus.FIRING
                && (model == null || a.getModelId().equals(model))
                && (severity == null || a.getSeverity() == severity)) {
                items.add(json.alert(a));
            }
        }
        if (request.localOnly()) {
            return Reply.json(200, lists.local(ALERTS, items));
        }
        StringBuilder peerTarget = new StringBuilder("/api/alerts?scope=local");
        if (model != null) {
            peerTarget.append("&model=").append(URLEncoder.encode(model, StandardCharsets.UTF_8));
        }
        if (severity != null) {
            peerTarget.append("&severity=").append(severity.name());
        }
        return Reply.json(200, lists.cluster(ALERTS, items, q.otherInstances(), peerTarget.toString()));
    }

    private static Severity severity(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Severity.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("severity=" + value + " is not a severity; use one of "
                + Arrays.toString(Severity.values()).toLowerCase(Locale.ROOT));
        }
    }
}
