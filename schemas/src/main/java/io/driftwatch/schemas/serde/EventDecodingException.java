package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.json.JsonShapeException;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be decoded. {@link #reason()} is a machine-readable code for counting and
 * dead-letter headers, {@link #getMessage()} says what is wrong for a person, {@link #format()}
 * which encoding the record was taken to be.
 *
 * <p>Most reasons are the record's fault: the ingest dead-letters it and goes on. Two are not
 * ({@link Reason#isRecordFault()} false): the registry could not be reached or refused the
 * client; the record is probably fine, and dead-lettering it would lose it.
 *
 * <p>Carries no stack trace: it is thrown per bad record, possibly at the rate of a whole topic,
 * and its reason and message say everything; a cause keeps its own trace.
 */
public class EventDecodingException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** Why a record could not be decoded. */
    public enum Reason {
        /** No bytes at all. */
        EMPTY(true),
        /** The first byte is neither the wire format's magic byte 0 nor the start of a JSON object. */
        BAD_MAGIC_BYTE(true),
        /** Fewer bytes than the header, or the Avro data ends early. */
        TRUNCATED(true),
        /** The registry does not know the schema id in the header. */
        UNKNOWN_SCHEMA_ID(true),
        /** The writer schema cannot be read as the expected record (another record type, not Avro). */
        INCOMPATIBLE_SCHEMA(true),
        /** The Avro data does not match its writer schema (bad union index, trailing bytes, ...). */
        AVRO_DECODE_ERROR(true),
        /** Not valid JSON. */
        MALFORMED_JSON(true),
        /** A required JSON field is absent. */
        MISSING_FIELD(true),
        /** A JSON field holds another type than the field takes. */
        WRONG_TYPE(true),
        /** A JSON field the event does not define, when unknown fields are rejected. */
        UNKNOWN_FIELD(true),
        /** A JSON value of the right type that cannot be taken (an unparseable time). */
        INVALID_VALUE(true),
        /** The registry did not answer (connection, timeout, 5xx) after retries: retry later. */
        REGISTRY_UNAVAILABLE(false),
        /** The registry refused the client (401, 403, ...): a configuration problem. */
        REGISTRY_ERROR(false);

        private final boolean recordFault;

        Reason(boolean recordFault) {
            this.recordFault = recordFault;
        }

        /** True when the record itself is bad; false when the failure lies with the registry. */
        public boolean isRecordFault() {
            return recordFault;
        }
    }

    private final Reason reason;
    private final InputFormat format;

    public EventDecodingException(Reason reason, InputFormat format, String message) {
        this(reason, format, message, null);
    }

    public EventDecodingException(Reason reason, InputFormat format, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.format = Objects.requireNonNull(format, "format");
    }

    /** The decoding failure of a JSON event that does not have the documented shape; same reason names. */
    public static EventDecodingException ofJson(JsonShapeException e) {
        return new EventDecodingException(Reason.valueOf(e.problem().name()), InputFormat.JSON, "JSON event: " + e.getMessage(), e);
    }

    public Reason reason() {
        return reason;
    }

    public InputFormat format() {
        return format;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
