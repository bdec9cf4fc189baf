package io.driftwatch.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.connect.DeliveryException.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to one or more Alertmanagers ({@code POST /api/v2/alerts}), in batches.
 *
 * <p>Every endpoint gets every batch, as Prometheus does with the members of an Alertmanager
 * cluster. A batch is delivered when at least one endpoint accepted it; an endpoint that failed
 * is skipped for the rest of the same {@link #send} call, so one dead member costs one attempt per
 * call while another member takes the alerts, and retries are spent only when none does.
 *
 * <p>When no endpoint accepted a batch and one {@linkplain Kind#REJECTED rejected} it (HTTP 400:
 * Alertmanager validates the whole batch and refuses it for one bad alert; the others may be down,
 * but members validate alike, so waiting for them would not help), its alerts are sent one by one to
 * find the refused ones, which are returned so that the task can report those records.
 *
 * <p>Every attempt builds its request body anew, so that times computed from the clock (a firing
 * alert's {@code endsAt}) are current when it is sent, also after retries.
 */
final class AlertmanagerClient {

    private static final Logger log = LoggerFactory.getLogger(AlertmanagerClient.class);

    /** An alert every endpoint refused, by its index in the list given to {@link #send}. */
    record Refusal(int index, DeliveryException reason) {
    }

    private final List<HttpEndpoint> endpoints;
    private final HttpDelivery http;
    private final ObjectMapper json;
    private final int batchMaxSize;

    AlertmanagerClient(List<HttpEndpoint> endpoints, HttpDelivery http, ObjectMapper json, int batchMaxSize) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("At least one Alertmanager endpoint is needed");
        }
        this.endpoints = List.copyOf(endpoints);
        this.http = http;
        this.json = json;
        this.batchMaxSize = batchMaxSize;
    }

    /**
     * @param items   what to send, in order
     * @param toAlert builds the alert of an item; applied again for every attempt
     * @param retry   whether to retry retriable failures (re-posts of firing alerts do not: the next
     *                re-post is the retry)
     * @return the alerts that every endpoint refused, by their index in {@code items}
     * @throws DeliveryException when a batch reached no endpoint and none refused it:
     *         {@link Kind#MISCONFIGURED} when one is misconfigured, else {@link Kind#RETRIABLE}
     */
    <T> List<Refusal> send(List<T> items, Function<? super T, PostableAlert> toAlert, boolean retry)
            throws DeliveryException {
        Set<HttpEndpoint> failed = new HashSet<>();
        List<Refusal> refusals = new ArrayList<>();
        List<Supplier<PostableAlert>> alerts = items.stream()
                .<Supplier<PostableAlert>>map(item -> () -> toAlert.apply(item)).toList();
        for (int from = 0; from < alerts.size(); from += batchMaxSize) {
            List<Supplier<PostableAlert>> batch = alerts.subList(from, Math.min(alerts.size(), from + batchMaxSize));
            try {
                deliver(batch, retry, failed);
            } catch (DeliveryException e) {
                if (e.kind() != Kind.REJECTED) {
                    throw e;
                }
                refusals.addAll(isolateRefused(batch, from, retry, failed, e));
            }
        }
        return refusals;
    }

    private List<Refusal> isolateRefused(List<Supplier<PostableAlert>> batch, int offset, boolean retry,
                                         Set<HttpEndpoint> failed, DeliveryException batchFailure)
            throws DeliveryException {
        if (batch.size() == 1) {
            return List.of(new Refusal(offset, batchFailure));
        }
        List<Refusal> refusals = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                deliver(List.of(batch.get(i)), retry, failed);
            } catch (DeliveryException e) {
                if (e.kind() != Kind.REJECTED) {
                    throw e;
                }
                refusals.add(new Refusal(offset + i, e));
            }
        }
        return refusals;
    }

    /**
     * Every member that has not failed in this call gets the batch once; if none took it and every failure is
     * retriable, those members are retried together, round after round, with the policy's backoff between rounds.
     * As Prometheus does, a member that is down is not waited for while another takes the alerts (members do not
     * share alerts, so it gets them again with the next re-post once it is back), and two dead members cost one
     * retry cycle, not two.
     */
    private void deliver(List<Supplier<PostableAlert>> batch, boolean retry, Set<HttpEndpoint> failed)
            throws DeliveryException {
        List<HttpEndpoint> untried = endpoints.stream().filter(e -> !failed.contains(e)).toList();
        List<DeliveryException> failures = new ArrayList<>();
        int retries = retry ? http.retries() : 0;
        for (int round = 0; ; round++) {
            List<HttpEndpoint> retriable = new ArrayList<>();
            List<DeliveryException> retriableFailures = new ArrayList<>();
            boolean accepted = false;
            for (HttpEndpoint endpoint : untried) {
                try {
                    http.postOnce(endpoint, body(batch));
                    accepted = true;
                } catch (DeliveryException e) {
                    failures.add(e);
                    if (e.kind() == Kind.RETRIABLE) {
                        retriable.add(endpoint);
                        retriableFailures.add(e);
                    } else if (e.kind() == Kind.MISCONFIGURED) {
                        failed.add(endpoint);
                    }
                }
            }
            boolean settled = accepted || retriable.size() < failures.size() || retriable.isEmpty() || round >= retries;
            if (settled) {
                failed.addAll(retriable);
                if (accepted) {
                    failures.forEach(e -> log.warn("{} ({} alert(s) reached another Alertmanager)", e.getMessage(),
                        batch.size()));
                    return;
                }
                throw worst(failures);
            }
            failures.clear();
            untried = retriable;
            http.pauseBeforeRetry(round, longestRetryAfter(retriableFailures),
                retriableFailures.get(retriableFailures.size() - 1).getMessage(), untried.toString());
        }
    }

    private static java.time.Duration longestRetryAfter(List<DeliveryException> failures) {
        return failures.stream().map(DeliveryException::retryAfter).filter(java.util.Objects::nonNull)
            .max(java.time.Duration::compareTo).orElse(null);
    }

    /**
     * Misconfiguration first (someone must act), then rejected (a member refused the payload, and
     * the others validate alike: the caller splits the batch, waiting would not help), then retriable.
     */
    private DeliveryException worst(List<DeliveryException> failures) {
        if (failures.isEmpty()) {
            return new DeliveryException(Kind.RETRIABLE, -1,
                    "Every Alertmanager failed earlier in this delivery: " + endpoints, null);
        }
        for (Kind kind : List.of(Kind.MISCONFIGURED, Kind.REJECTED, Kind.RETRIABLE)) {
            for (DeliveryException failure : failures) {
                if (failure.kind() == kind) {
                    return failure;
                }
            }
        }
        throw new IllegalStateException("unreachable: every kind is listed");
    }

    private byte[] body(List<Supplier<PostableAlert>> batch) {
        ArrayNode array = json.createArrayNode();
        for (Supplier<PostableAlert> next : batch) {
            PostableAlert alert = next.get();
            ObjectNode node = array.addObject();
            ObjectNode labels = node.putObject("labels");
            alert.labels().forEach(labels::put);
            ObjectNode annotations = node.putObject("annotations");
            alert.annotations().forEach(annotations::put);
            node.put("startsAt", alert.startsAt().toString());
            node.put("endsAt", alert.endsAt().toString());
            if (alert.generatorUrl() != null) {
                node.put("generatorURL", alert.generatorUrl());
            }
        }
        try {
            return json.writeValueAsBytes(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree of strings cannot fail to serialize", e);
        }
    }
}
