package io.driftwatch.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Liveness ({@code /health}) and readiness ({@code /ready}) from the Kafka Streams state.
 * Liveness fails only in states Kafka Streams does not leave by itself, so an orchestrator restarts
 * the instance then and not during a rebalance; readiness holds only while RUNNING, so traffic (and
 * the API's answers) wait for the stores.
 */
final class HealthEndpoints {

    /** States from which Kafka Streams does not recover without a restart. */
    static final Set<KafkaStreams.State> DEAD =
        EnumSet.of(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.NOT_RUNNING);

    private final Supplier<InstanceQueries> queries;

    HealthEndpoints(Supplier<InstanceQueries> queries) {
        this.queries = queries;
    }

    Reply health(ApiRequest request) {
        request.acceptOnly();
        KafkaStreams.State state = queries.get().state();
        boolean dead = DEAD.contains(state);
        return Reply.json(dead ? 503 : 200, status(dead ? "DOWN" : "UP", state));
    }

    Reply ready(ApiRequest request) {
        request.acceptOnly();
        KafkaStreams.State state = queries.get().state();
        boolean running = state == KafkaStreams.State.RUNNING;
        return Reply.json(running ? 200 : 503, status(running ? "READY" : "NOT_READY", state));
    }

    private static ObjectNode status(String status, KafkaStreams.State state) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", status);
        body.put("streams", state.name());
        return body;
    }
}
