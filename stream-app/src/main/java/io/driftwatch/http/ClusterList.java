package io.driftwatch.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A list answer over the whole cluster (scatter-gather): this instance's items plus every other
 * instance's local items, de-duplicated and ordered. An item can be on two instances for a moment
 * while a model's state moves between them; the fresher copy wins. Instances that do not answer in
 * time are listed, and the answer is flagged partial, rather than the whole request failing.
 *
 * <pre>{"models": [...], "count": 2, "scope": "cluster", "partial": false, "unreachable": []}</pre>
 */
final class ClusterList {

    /**
     * How one list is merged.
     *
     * @param field    the array's field in the answer
     * @param identity what makes two items the same
     * @param fresher  of two copies of an item, the greater is kept
     * @param order    the order of the answer
     */
    record Kind(String field, Function<JsonNode, String> identity, Comparator<JsonNode> fresher,
                Comparator<JsonNode> order) {}

    private final PeerClient peers;

    ClusterList(PeerClient peers) {
        this.peers = peers;
    }

    /** Only this instance's items. */
    ObjectNode local(Kind kind, List<ObjectNode> items) {
        return answer(kind, merge(kind, List.copyOf(items), List.of()), "local", List.of());
    }

    /**
     * This instance's items and those of {@code others}, asked with {@code peerTarget} (a path and query
     * with {@code scope=local}).
     */
    ObjectNode cluster(Kind kind, List<ObjectNode> items, List<URI> others, String peerTarget) {
        PeerClient.Gathered gathered = others.isEmpty()
            ? new PeerClient.Gathered(List.of(), List.of())
            : peers.gather(others, peerTarget);
        List<JsonNode> remote = new ArrayList<>();
        for (JsonNode answer : gathered.answers()) {
            answer.path(kind.field()).forEach(remote::add);
        }
        return answer(kind, merge(kind, List.copyOf(items), remote), "cluster", gathered.unreachable());
    }

    private static List<JsonNode> merge(Kind kind, List<JsonNode> local, List<JsonNode> remote) {
        Map<String, JsonNode> byIdentity = new LinkedHashMap<>();
        for (List<JsonNode> source : List.of(local, remote)) {
            for (JsonNode item : source) {
                byIdentity.merge(kind.identity().apply(item), item,
                    (a, b) -> kind.fresher().compare(b, a) > 0 ? b : a);
            }
        }
        List<JsonNode> merged = new ArrayList<>(byIdentity.values());
        merged.sort(kind.order());
        return merged;
    }

    private static ObjectNode answer(Kind kind, List<JsonNode> items, String scope, List<URI> unreachable) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode array = answer.putArray(kind.field());
        items.forEach(array::add);
        answer.put("count", items.size());
        answer.put("scope", scope);
        answer.put("partial", !unreachable.isEmpty());
        ArrayNode missing = answer.putArray("unreachable");
        unreachable.forEach(u -> missing.add(u.toString()));
        return answer;
    }
}
