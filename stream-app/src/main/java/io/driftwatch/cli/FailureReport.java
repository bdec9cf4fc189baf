package io.driftwatch.cli;

import io.driftwatch.alerting.RulesFileException;
import io.driftwatch.app.KafkaUnreachableException;
import io.driftwatch.baseline.io.TrainingDataException;
import io.driftwatch.config.ConfigException;
import io.driftwatch.schemas.registry.SchemaRegistryException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How a failed command line ends: one or two lines naming the problem and what to do, and an exit
 * code — 2 when what the user gave is wrong (options, configuration, rules or training file), 1 when
 * something failed while running (Kafka or the registry unreachable, a topic missing). The stack trace
 * only with {@code --verbose}: a user who mistyped a path does not need one.
 */
final class FailureReport {

    static final int RUNTIME_FAILURE = 1;
    static final int USAGE = 2;

    /** Whether {@code --verbose} was given at any level of the command line. */
    static boolean verbose(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** A bad option or value, found while parsing or by a command's own checks before it starts anything. */
    int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage());
        List<String> suggestions = e instanceof CommandLine.UnmatchedArgumentException unmatched
            ? unmatched.getSuggestions() : List.of();
        err.println((suggestions.isEmpty() ? "" : "Did you mean " + String.join(" or ", suggestions) + "? ")
            + "See '" + name + " --help'.");
        err.flush();
        return USAGE;
    }

    /** An exception out of a command's {@code call()}. */
    int executionError(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        Failure failure = classify(e);
        err.println(name + ": " + failure.message());
        if (verbose(parseResult)) {
            e.printStackTrace(err);
        } else if (failure.unexpected()) {
            err.println("This looks like a bug; --verbose prints the stack trace to report with it.");
        }
        err.flush();
        return failure.exitCode();
    }

    private record Failure(int exitCode, String message, boolean unexpected) {}

    private static Failure classify(Throwable e) {
        for (Throwable t : causes(e)) {
            if (t instanceof ConfigException || t instanceof RulesFileException || t instanceof TrainingDataException
                || t instanceof IllegalArgumentException) {
                return new Failure(USAGE, t.getMessage(), false);
            }
            if (t instanceof NoSuchFileException missing) {
                return new Failure(USAGE, missing.getFile() + " does not exist.", false);
            }
            if (t instanceof java.nio.file.AccessDeniedException denied) {
                return new Failure(USAGE, denied.getFile() + " cannot be read (permission denied).", false);
            }
            if (t instanceof KafkaUnreachableException unreachable) {
                return new Failure(RUNTIME_FAILURE, unreachable.getMessage() + "; check --bootstrap-server (or"
                    + " bootstrap.servers) and that a broker runs there, or wait longer with --timeout.", false);
            }
            if (t instanceof SchemaRegistryException registry) {
                return new Failure(RUNTIME_FAILURE, "schema registry: " + registry.getMessage(), false);
            }
            if (t instanceof org.apache.kafka.common.errors.TimeoutException timeout) {
                return new Failure(RUNTIME_FAILURE, "Kafka did not answer in time (" + timeout.getMessage()
                    + "); check that the brokers are up, or wait longer with --timeout.", false);
            }
            if (t instanceof org.apache.kafka.common.errors.AuthenticationException
                || t instanceof org.apache.kafka.common.errors.AuthorizationException) {
                return new Failure(RUNTIME_FAILURE, "Kafka refused this client (" + t.getMessage()
                    + "); check the kafka.security.protocol, kafka.sasl.* and kafka.ssl.* settings and the ACLs.", false);
            }
            if (t instanceof IllegalStateException || t instanceof java.io.UncheckedIOException
                || t instanceof org.apache.kafka.common.KafkaException) {
                return new Failure(RUNTIME_FAILURE, t.getMessage(), false);
            }
        }
        return new Failure(RUNTIME_FAILURE, "unexpected error: " + e, true);
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
