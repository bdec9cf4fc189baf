package io.driftwatch.connect;

import io.driftwatch.connect.DeliveryException.Kind;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON with timeouts and bounded retries. Connection errors, timeouts, 408, 425, 429 and 5xx
 * are retried after {@link RetryPolicy#backoff(int)} (or the server's {@code Retry-After}, within
 * the policy's maximum); everything else fails at once. Headers are never logged.
 */
final class HttpDelivery {

    /** Waits between attempts; a seam so that tests check backoff without waiting. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(HttpDelivery.class);
    private static final int MAX_BODY_IN_MESSAGE = 300;

    private final HttpClient client;
    private final HttpSettings settings;
    private final Sleeper sleeper;
    private final String userAgent;

    HttpDelivery(HttpSettings settings) {
        this(settings, duration -> Thread.sleep(duration.toMillis()));
    }

    HttpDelivery(HttpSettings settings, Sleeper sleeper) {
        this.settings = settings;
        this.sleeper = sleeper;
        this.userAgent = "driftwatch-connectors/" + PluginVersion.get();
        // HTTP/1.1: Alertmanager and most webhook receivers speak it; no h2c upgrade dance on http://.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * POSTs {@code json}, retrying retriable failures when {@code retry} is set.
     *
     * @param idempotencyKey sent unchanged with every attempt as the {@code Idempotency-Key} header, so that a
     *                       receiver can tell a retry (or a redelivery) of a request it already processed; none if
     *                       {@code null}
     * @throws DeliveryException the last failure, once it is not retriable or retries are spent
     */
    void post(HttpEndpoint endpoint, byte[] json, boolean retry, IdempotencyKey idempotencyKey) throws DeliveryException {
        int retries = retry ? retries() : 0;
        for (int attempt = 0; ; attempt++) {
            try {
                postOnce(endpoint, json, idempotencyKey);
                return;
            } catch (DeliveryException e) {
                if (e.kind() != Kind.RETRIABLE || attempt >= retries) {
                    throw e;
                }
                pauseBeforeRetry(attempt, e.retryAfter(), e.getMessage(), endpoint.toString());
            }
        }
    }

    /** How many times a retriable failure is retried. */
    int retries() {
        return settings.retry().maxRetries();
    }

    /**
     * Waits before retry {@code retry} (0 for the first): the policy's backoff, or the server's {@code Retry-After}
     * when longer, within the policy's maximum.
     *
     * @param why what failed, for the log
     * @param to  what is retried, for the message when interrupted
     */
    void pauseBeforeRetry(int retry, Duration retryAfter, String why, String to) throws DeliveryException {
        RetryPolicy policy = settings.retry();
        Duration wait = wait(policy, retry, retryAfter);
        log.warn("{}; retry {} of {} in {} ms", why, retry + 1, policy.maxRetries(), wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(Kind.RETRIABLE, -1, "Interrupted while waiting to retry POST to " + to, interrupted);
        }
    }

    private static Duration wait(RetryPolicy policy, int attempt, Duration retryAfter) {
        Duration backoff = policy.backoff(attempt);
        if (retryAfter != null && retryAfter.compareTo(backoff) > 0) {
            backoff = retryAfter.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : retryAfter;
        }
        return backoff;
    }

    /** One POST, no retry. */
    void postOnce(HttpEndpoint endpoint, byte[] json) throws DeliveryException {
        postOnce(endpoint, json, null);
    }

    private void postOnce(HttpEndpoint endpoint, byte[] json, IdempotencyKey idempotencyKey) throws DeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.uri())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        if (settings.authHeaderValue() != null) {
            request.header(settings.authHeaderName(), settings.authHeaderValue());
        }
        if (idempotencyKey != null) {
            request.header(IdempotencyKey.HEADER, idempotencyKey.headerValue());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeliveryException(Kind.RETRIABLE, -1, "POST to " + endpoint + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(Kind.RETRIABLE, -1, "Interrupted during POST to " + endpoint, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        throw new DeliveryException(DeliveryException.classify(status), status,
                "POST to " + endpoint + " answered HTTP " + status + ": " + abbreviate(response.body()),
                null, retryAfter(response));
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After")
                .filter(value -> value.trim().matches("\\d{1,6}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value.trim())))
                .orElse(null);
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_BODY_IN_MESSAGE ? oneLine : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}
