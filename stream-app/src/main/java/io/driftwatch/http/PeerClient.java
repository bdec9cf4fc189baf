package io.driftwatch.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the other instances' APIs: forwards a request to the instance that holds a model, and
 * gathers list answers from every instance in parallel. Every call is marked forwarded
 * ({@value ApiRequest#FORWARDED_HEADER}), so the receiver answers locally and never calls on, and
 * every call is bounded by one timeout, so a dead or hung instance costs at most that.
 */
final class PeerClient {

    private static final Logger LOG = LoggerFactory.getLogger(PeerClient.class);

    private final HttpClient client;
    private final Duration timeout;

    PeerClient(Duration timeout, Executor executor) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
    }

    /** Answers gathered from the instances, and the instances that did not answer in time or with 200. */
    record Gathered(List<JsonNode> answers, List<URI> unreachable) {}

    /** Sends {@code target} (path and query) to the instance at {@code base} and relays its answer as it is. */
    Reply forward(URI base, String target) {
        CompletableFuture<HttpResponse<byte[]>> call = send(base, target);
        try {
            HttpResponse<byte[]> response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            Reply reply = new Reply(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(Reply.JSON), response.body(), Map.of());
            return response.headers().firstValue("Retry-After").map(v -> reply.withHeader("Retry-After", v)).orElse(reply);
        } catch (TimeoutException e) {
            call.cancel(true);
            LOG.warn("Instance {} did not answer {} within {}", base, target, timeout);
            return Reply.unavailable("The instance holding this model (" + base + ") did not answer within "
                + timeout.toMillis() + " ms; retry shortly");
        } catch (ExecutionException e) {
            LOG.warn("Instance {} cannot be reached for {}: {}", base, target, e.getCause().toString());
            return Reply.unavailable("The instance holding this model (" + base + ") cannot be reached ("
                + e.getCause().getMessage() + "); if it has stopped, Kafka Streams moves its models to another"
                + " instance within the session timeout; retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return Reply.unavailable("Interrupted while waiting for " + base + "; retry");
        }
    }

    /** Sends {@code target} to every instance at once and waits at most the timeout for all of them. */
    Gathered gather(List<URI> bases, String target) {
        Map<URI, CompletableFuture<HttpResponse<byte[]>>> calls = new LinkedHashMap<>();
        for (URI base : bases) {
            calls.put(base, send(base, target));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> answers = new ArrayList<>();
        List<URI> unreachable = new ArrayList<>();
        boolean interrupted = false;
        for (Map.Entry<URI, CompletableFuture<HttpResponse<byte[]>>> call : calls.entrySet()) {
            URI base = call.getKey();
            String failure;
            try {
                HttpResponse<byte[]> response = interrupted ? null
                    : call.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (response == null) {
                    failure = "interrupted";
                } else if (response.statusCode() != 200) {
                    failure = "status " + response.statusCode();
                } else {
                    answers.add(ApiJson.MAPPER.readTree(response.body()));
                    continue;
                }
            } catch (TimeoutException e) {
                failure = "no answer within " + timeout.toMillis() + " ms";
            } catch (ExecutionException e) {
                failure = e.getCause().toString();
            } catch (IOException e) {
                failure = "not JSON: " + e.getMessage();
            } catch (InterruptedException e) {
                interrupted = true;
                failure = "interrupted";
            }
            call.getValue().cancel(true);
            LOG.warn("Instance {} left out of {}: {}", base, target, failure);
            unreachable.add(base);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new Gathered(answers, unreachable);
    }

    private CompletableFuture<HttpResponse<byte[]>> send(URI base, String target) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(base.resolve(target))
                .timeout(timeout)
                .header(ApiRequest.FORWARDED_HEADER, "true")
                .header("Accept", Reply.JSON)
                .GET()
                .build();
        } catch (IllegalArgumentException e) {
            // An address the HTTP client cannot use (a host name with '_', which Kafka accepts in
            // application.server) is an instance that cannot be reached, not an error of this request.
            return CompletableFuture.failedFuture(e);
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
