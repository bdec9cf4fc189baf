package io.driftwatch.http;

/**
 * The state the API needs cannot be read now but will be soon: Kafka Streams is starting or
 * rebalancing and the stores are being (re)assigned or restored. Answered with 503 and a
 * {@code Retry-After} hint.
 */
public final class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
