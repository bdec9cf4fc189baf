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
 * the API's answers) wait for the stores. A failure that keeps stopping stream threads (Kafka Streams
 * replaces them and stays RUNNING, but nothing progresses) fails both, with the reason. An instance
 * still starting (waiting for Kafka) is alive but not ready, and says why in {@code not_ready_reason}.
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
        InstanceQueries q = queries.get();
        KafkaStreams.State state = q.state();
        java.util.Optional<String> problem = q.problem();
        boolean dead = DEAD.contains(state) || problem.isPresent();
        return Reply.json(dead ? 503 : 200, status(dead ? "DOWN" : "UP", state, problem, q.notReadyReason()));
    }

    Reply ready(ApiRequest request) {
        request.acceptOnly();
        InstanceQueries q = queries.get();
        KafkaStreams.State state = q.state();
        java.util.Optional<String> problem = q.problem();
        java.util.Optional<String> waiting = q.notReadyReason();
        boolean running = state == KafkaStreams.State.RUNNING && problem.isEmpty() && waiting.isEmpty();
        return Reply.json(running ? 200 : 503, status(running ? "READY" : "NOT_READY", state, problem, waiting));
    }

    private static ObjectNode status(String status, KafkaStreams.State state, java.util.Optional<String> problem,
                                     java.util.Optional<String> notReadyReason) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", status);
        body.put("streams", state.name());
        problem.ifPresent(p -> body.put("problem", p));
        notReadyReason.ifPresent(r -> body.put("not_ready_reason", r));
        return body;
    }
}
