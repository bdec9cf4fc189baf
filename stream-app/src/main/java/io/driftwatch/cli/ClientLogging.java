package io.driftwatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's clients warn on every failed connection attempt (dozens of lines while a broker is down).
 * A one-shot command reports the outcome itself in a line, so it keeps only their errors unless
 * {@code --verbose}; the long-running {@code run} and {@code demo} keep the warnings an operator wants.
 */
final class ClientLogging {

    private ClientLogging() {
    }

    static void quiet(boolean verbose, String command) {
        if (verbose || command.equals("run") || command.equals("demo")) {
            return;
        }
        if (LoggerFactory.getLogger("org.apache.kafka") instanceof Logger kafka) {
            kafka.setLevel(Level.ERROR);
        }
    }
}
