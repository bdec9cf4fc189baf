package io.driftwatch.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.schemas.ComparisonReport;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/models/{id}/comparisons}: the latest report of every comparison of one model (canary,
 * shadow, A/B; docs/comparisons.md), answered by the instance whose comparison task holds the model.
 */
final class ComparisonEndpoint {

    private final Supplier<InstanceQueries> queries;
    private final PeerClient peers;
    private final ApiJson json;

    ComparisonEndpoint(Supplier<InstanceQueries> queries, PeerClient peers, ApiJson json) {
        this.queries = queries;
        this.peers = peers;
        this.json = json;
    }

    Reply comparisons(ApiRequest request, String modelId) {
        request.acceptOnly("scope");
        InstanceQueries q = queries.get();
        if (!request.localOnly()) {
            Optional<URI> owner = q.comparisonOwnerOf(modelId);
            if (owner.isPresent()) {
                return peers.forward(owner.get(), request.target());
            }
        }
        List<ComparisonReport> reports = new ArrayList<>();
        for (ComparisonReport r : q.localComparisons()) {
            if (r.getModelId().equals(modelId)) {
                reports.add(r);
            }
        }
        if (reports.isEmpty()) {
            return Reply.error(404, "Model '" + modelId + "' has no comparison yet: none is declared in the comparisons"
                + " file, or no window has held both versions (one primary and one canary, shadow or variant).");
        }
        reports.sort(Comparator.comparing(ComparisonReport::getControlVersion).thenComparing(ComparisonReport::getCandidateVersion));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model_id", modelId);
        ArrayNode array = body.putArray("comparisons");
        for (ComparisonReport r : reports) {
            array.add(json.comparison(r));
        }
        return Reply.json(200, body);
    }
}
