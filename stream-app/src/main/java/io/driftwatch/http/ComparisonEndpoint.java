package io.driftwatch.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.json.PlainJson;
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

    private static final PlainJson JSON = new PlainJson(PlainJson.Timestamps.ISO_8601);

    private final Supplier<InstanceQueries> queries;
    private final PeerClient peers;

    ComparisonEndpoint(Supplier<InstanceQueries> queries, PeerClient peers) {
        this.queries = queries;
        this.peers = peers;
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
            // As every other answer of the API: times in ISO-8601, optional fields as plain values.
            array.add(JSON.toTree(r));
        }
        return Reply.json(200, body);
    }
}
