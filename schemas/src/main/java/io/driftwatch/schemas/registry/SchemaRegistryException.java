package io.driftwatch.schemas.registry;

/**
 * The registry refused a request, or could not be reached.
 *
 * <p>Carries the HTTP status and the registry's own {@code error_code} from its error body
 * ({@code {"error_code": 40401, "message": "Subject 'x' not found."}}), so callers can tell an
 * unknown subject from an unknown schema from an incompatible one. A failure to reach the
 * registry at all (connection refused, timeout, after the configured retries) has status 0.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code error_code} 40401: the subject does not exist. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** {@code error_code} 40402: the subject has no such version. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** {@code error_code} 40403: no schema with that id, or not under that subject. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** {@code error_code} 409: the schema breaks the subject's compatibility rule. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** {@code error_code} 42201: the registry could not parse the schema. */
    public static final int INVALID_SCHEMA = 42201;

    private final int httpStatus;
    private final int errorCode;

    /**
     * @param httpStatus HTTP status of the answer; 0 when there was no answer
     * @param errorCode the registry's {@code error_code}, or the HTTP status when the body had none
     * @param message what went wrong, for a person
     */
    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** HTTP status of the registry's answer; 0 when it could not be reached. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code} (e.g. 40401), or the HTTP status when the body had none. */
    public int errorCode() {
        return errorCode;
    }

    public boolean isSubjectNotFound() {
        return errorCode == SUBJECT_NOT_FOUND;
    }

    public boolean isSchemaNotFound() {
        return errorCode == SCHEMA_NOT_FOUND;
    }

    public boolean isIncompatible() {
        return errorCode == INCOMPATIBLE_SCHEMA;
    }

    public boolean isInvalidSchema() {
        return httpStatus == 422 || errorCode == INVALID_SCHEMA;
    }

    /**
     * True when the failure says nothing about the request itself: no answer, a 5xx, or 429
     * (rate limited). The same request may succeed later.
     */
    public boolean isTransient() {
        return httpStatus == 0 || httpStatus >= 500 || httpStatus == 429;
    }
}
