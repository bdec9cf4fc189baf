package io.driftwatch.ingest;

/**
 * Why an input record was not accepted.
 *
 * @param reason         machine-readable reason code, e.g. {@code MALFORMED_JSON}, {@code NON_FINITE_SCORE}
 * @param message        what was wrong, for a person
 * @param exceptionClass class of the exception that revealed it, or null for a validation rule
 */
public record Rejection(String reason, String message, String exceptionClass) {}
