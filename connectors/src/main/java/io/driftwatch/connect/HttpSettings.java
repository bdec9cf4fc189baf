package io.driftwatch.connect;

import java.time.Duration;

/**
 * How the connectors talk HTTP: timeouts, retries, and an optional header that carries
 * credentials.
 *
 * @param connectTimeout  TCP connect timeout
 * @param requestTimeout  time for one request, from sending to the complete response
 * @param retry           retries for retriable failures
 * @param authHeaderName  header that carries credentials, e.g. {@code Authorization}
 * @param authHeaderValue its value, or {@code null} for none; never logged
 */
record HttpSettings(
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retry,
        String authHeaderName,
        String authHeaderValue) {

    /** The longest one delivery to one endpoint can take, all retries included. */
    Duration worstCasePerEndpoint() {
        return retry.worstCase(connectTimeout.plus(requestTimeout));
    }

    @Override
    public String toString() {
        return "HttpSettings[connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", retry=" + retry + ", authHeaderName=" + authHeaderName
                + ", authHeaderValue=" + (authHeaderValue == null ? "none" : "[hidden]") + "]";
    }
}
