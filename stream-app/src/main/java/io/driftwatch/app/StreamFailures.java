package io.driftwatch.app;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Remembers the stream threads' failures, so that a failure that keeps coming back is reported on
 * {@code /health} and {@code /ready} instead of being hidden by thread replacement. Kafka Streams
 * replaces a failed thread and resumes from the last commit; when the cause is a record or a state
 * that fails every time, the same failure repeats and nothing progresses. Three failures with the
 * same cause, each within {@link #QUIET} of the previous one, make the instance unhealthy until
 * {@link #QUIET} passes without one.
 *
 * <p>Thread-safe: stream threads record, the HTTP server reads.
 */
public final class StreamFailures {

    /** Failures this close together belong to one streak. */
    static final Duration QUIET = Duration.ofMinutes(10);
    static final int STREAK = 3;

    private final Clock clock;
    private String cause;
    private int streak;
    private long last = Long.MIN_VALUE;

    public StreamFailures(Clock clock) {
        this.clock = clock;
    }

    /** A stream thread failed with {@code error}. */
    public synchronized void failed(Throwable error) {
        String c = causeOf(error);
        long now = clock.millis();
        if (c.equals(cause) && now - last <= QUIET.toMillis()) {
            streak++;
        } else {
            cause = c;
            streak = 1;
        }
        last = now;
    }

    /** Why the instance is not healthy, or empty while it is. */
    public synchronized Optional<String> problem() {
        if (streak < STREAK || clock.millis() - last > QUIET.toMillis()) {
            return Optional.empty();
        }
        return Optional.of("the same failure stopped a stream thread " + streak + " times in a row, last at "
            + java.time.Instant.ofEpochMilli(last) + ": " + cause + " (see the log; processing does not progress)");
    }

    /** The innermost exception's class and message: what stays the same when the same record fails again. */
    static String causeOf(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        if (message.length() > 500) {
            message = message.substring(0, 500) + "…";
        }
        return root.getClass().getName() + message;
    }
}
