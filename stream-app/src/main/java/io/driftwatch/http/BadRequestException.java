package io.driftwatch.http;

/** A request the API cannot answer as asked (unknown parameter, bad value); answered with 400 and the message. */
final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        super(message);
    }
}
