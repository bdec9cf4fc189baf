package io.driftwatch.connect;

import java.net.http.HttpRequest;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The HTTP settings both connectors share: timeouts, retries and the credentials header. */
final class HttpConfig {

    static final String GROUP = "HTTP";

    static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    static final String REQUEST_TIMEOUT_MS = "http.request.timeout.ms";
    static final String RETRIES_MAX = "http.retries.max";
    static final String RETRY_BACKOFF_INITIAL_MS = "http.retry.backoff.initial.ms";
    static final String RETRY_BACKOFF_MAX_MS = "http.retry.backoff.max.ms";
    static final String AUTH_HEADER_NAME = "http.auth.header.name";
    static final String AUTH_HEADER_VALUE = "http.auth.header.value";

    private HttpConfig() {
    }

    static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def
                .define(CONNECT_TIMEOUT_MS, Type.INT, 5_000, Range.between(1, 300_000), Importance.LOW,
                        "Timeout in milliseconds for opening a TCP connection to the receiver.",
                        GROUP, ++order, Width.SHORT, "Connect timeout (ms)")
                .define(REQUEST_TIMEOUT_MS, Type.INT, 10_000, Range.between(1, 300_000), Importance.MEDIUM,
                        "Timeout in milliseconds for one request, from sending it to the complete response. A request"
                                + " that times out counts as a retriable failure.",
                        GROUP, ++order, Width.SHORT, "Request timeout (ms)")
                .define(RETRIES_MAX, Type.INT, 5, Range.between(0, 20), Importance.MEDIUM,
                        "Retries of one request after connection errors, timeouts, HTTP 408, 425, 429 and 5xx, with"
                                + " exponential backoff. When they are spent the task throws a RetriableException and"
                                + " Kafka Connect delivers the same records again (the connector never drops an alert"
                                + " because the receiver is down). Other 4xx responses are not retried.",
                        GROUP, ++order, Width.SHORT, "Retries")
                .define(RETRY_BACKOFF_INITIAL_MS, Type.LONG, 500L, Range.between(0, 60_000), Importance.LOW,
                        "Wait in milliseconds before the first retry; each further retry waits twice as long, up to "
                                + RETRY_BACKOFF_MAX_MS + ". A Retry-After header (in seconds) lengthens the wait,"
                                + " within that maximum.",
                        GROUP, ++order, Width.SHORT, "Initial backoff (ms)")
                .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 10_000L, Range.between(0, 300_000), Importance.LOW,
                        "Longest wait in milliseconds between two attempts; at least " + RETRY_BACKOFF_INITIAL_MS + ". Also"
                                + " how long Kafka Connect waits before it hands the records to the task again once the"
                                + " retries are spent.",
                        GROUP, ++order, Width.SHORT, "Maximum backoff (ms)")
                .define(AUTH_HEADER_NAME, Type.STRING, "Authorization", new HeaderNameValidator(), Importance.LOW,
                        "Name of the request header that carries " + AUTH_HEADER_VALUE + ", e.g. Authorization or"
                                + " X-Api-Key.",
                        GROUP, ++order, Width.MEDIUM, "Credentials header")
                .define(AUTH_HEADER_VALUE, Type.PASSWORD, null, Importance.MEDIUM,
                        "Value of the credentials header, e.g. 'Bearer <token>' or 'Basic <base64>'; none when unset."
                                + " A PASSWORD: Kafka Connect never logs it. Take it from a config provider rather than"
                                + " writing it into the connector config, e.g."
                                + " ${file:/etc/kafka-connect/secrets/driftwatch.properties:token}.",
                        GROUP, ++order, Width.LONG, "Credentials header value");
    }

    static HttpSettings settings(AbstractConfig config) {
        long initial = config.getLong(RETRY_BACKOFF_INITIAL_MS);
        long max = config.getLong(RETRY_BACKOFF_MAX_MS);
        if (max < initial) {
            throw new ConfigException(backoffOrderMessage(initial, max));
        }
        Password value = config.getPassword(AUTH_HEADER_VALUE);
        return new HttpSettings(
                Duration.ofMillis(config.getInt(CONNECT_TIMEOUT_MS)),
                Duration.ofMillis(config.getInt(REQUEST_TIMEOUT_MS)),
                new RetryPolicy(config.getInt(RETRIES_MAX), Duration.ofMillis(initial), Duration.ofMillis(max)),
                config.getString(AUTH_HEADER_NAME),
                value == null || value.value() == null || value.value().isEmpty() ? null : value.value());
    }

    static String backoffOrderMessage(long initial, long max) {
        return RETRY_BACKOFF_MAX_MS + " (" + max + ") must be at least " + RETRY_BACKOFF_INITIAL_MS + " (" + initial + ")";
    }

    /** A token (RFC 9110) that {@link java.net.http.HttpClient} lets us set. */
    static final class HeaderNameValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String header = value == null ? "" : value.toString();
            if (!header.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new ConfigException(name, value, "Must be an HTTP header name such as Authorization");
            }
            try {
                HttpRequest.newBuilder().header(header, "x");
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "Java's HTTP client does not allow setting this header: "
                        + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "HTTP header name";
        }
    }
}
