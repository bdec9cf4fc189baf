package io.driftwatch.schemas.json;

/**
 * A JSON event does not have the documented shape (docs/producers.md): it names the JSON path
 * ({@code $.prediction.score}) and the problem.
 */
public class JsonShapeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What is wrong, for counting and routing; the message says it for a person. */
    public enum Problem {
        /** Not JSON at all, or JSON cut short, or more than one value. */
        MALFORMED_JSON,
        /** A required field is absent. */
        MISSING_FIELD,
        /** A field holds a value of another JSON type than its field takes (null included). */
        WRONG_TYPE,
        /** A field the event does not have, with {@link UnknownFieldPolicy#REJECT}. */
        UNKNOWN_FIELD,
        /** The right JSON type, but a value that cannot be taken, e.g. an unparseable time. */
        INVALID_VALUE
    }

    private final Problem problem;
    private final String path;

    public JsonShapeException(Problem problem, String path, String detail) {
        this(problem, path, detail, null);
    }

    public JsonShapeException(Problem problem, String path, String detail, Throwable cause) {
        super(path + ": " + detail, cause);
        this.problem = problem;
        this.path = path;
    }

    public Problem problem() {
        return problem;
    }

    /** JSON path of the offending value, e.g. {@code $.features.age}; {@code $} for the whole document. */
    public String path() {
        return path;
    }
}
