package io.driftwatch.baseline.io;

/** Training data that cannot be profiled: an unreadable file, a bad header, or too many bad rows. */
public class TrainingDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingDataException(String message) {
        super(message);
    }

    public TrainingDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
