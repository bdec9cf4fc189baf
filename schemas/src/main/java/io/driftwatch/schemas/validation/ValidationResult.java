package io.driftwatch.schemas.validation;

/**
 * The outcome of validating one event: {@link #VALID}, or the first rule it breaks.
 *
 * @param reason the rule broken; null when valid
 * @param message what is wrong and how to fix it, for a person; null when valid
 */
public record ValidationResult(ValidationReason reason, String message) {

    /** The one result of every valid event (no allocation on the happy path). */
    public static final ValidationResult VALID = new ValidationResult(null, null);

    public ValidationResult {
        if ((reason == null) != (message == null)) {
            throw new IllegalArgumentException("a result has both a reason and a message, or neither");
        }
    }

    static ValidationResult invalid(ValidationReason reason, String message) {
        return new ValidationResult(reason, message);
    }

    public boolean isValid() {
        return reason == null;
    }
}
