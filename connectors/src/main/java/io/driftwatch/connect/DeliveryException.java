package io.driftwatch.connect;

import java.time.Duration;

/**
 * An HTTP delivery that did not succeed, classified by what the sink task should do about it.
 * Messages never contain request headers (the auth header is a secret).
 */
final class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, and so what to do. */
    enum Kind {
        /** Connection error, timeout, 408, 425, 429 or 5xx: try again later. */
        RETRIABLE,
        /** 400, 413 or 422: the receiver refused this payload; sending it again will not help. */
        REJECTED,
        /** Any other status (401, 403, 404, 3xx, ...): the endpoint or its credentials are wrong. */
        MISCONFIGURED
    }

    private final Kind kind;
    private final int status;
    private final transient Duration retryAfter;

    DeliveryException(Kind kind, int status, String message, Throwable cause) {
        this(kind, status, message, cause, null);
    }

    DeliveryException(Kind kind, int status, String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    Kind kind() {
        return kind;
    }

    /** HTTP status, or -1 when there was no response. */
    int status() {
        return status;
    }

    /** The wait the receiver asked for in a {@code Retry-After} header, or {@code null}. */
    Duration retryAfter() {
        return retryAfter;
    }

    static Kind classify(int status) {
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return Kind.RETRIABLE;
        }
        if (status == 400 || status == 413 || status == 422) {
            return Kind.REJECTED;
        }
        return Kind.MISCONFIGURED;
    }
}
