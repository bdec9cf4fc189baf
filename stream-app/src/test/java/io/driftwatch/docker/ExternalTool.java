package io.driftwatch.docker;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool the checks run for real (docker-compose, promtool, amtool, alertmanager).
 * A missing tool skips the test on a developer's machine; with {@code DRIFTWATCH_REQUIRE_TOOLS=1}
 * (set by {@code .ci/run}) it fails it, so CI cannot pass without the checks.
 */
final class ExternalTool {

    static final String REQUIRE_TOOLS_ENV = "DRIFTWATCH_REQUIRE_TOOLS";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private ExternalTool() {
    }

    /** The output and exit code of one run. */
    record Result(List<String> command, int exitCode, String output) {

        /** The command, its exit code and everything it printed, for assertion messages. */
        String describe() {
            return "`" + String.join(" ", command) + "` exited with " + exitCode + ":\n" + output;
        }
    }

    /** The executable called {@code name} on the PATH. */
    static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The executable called {@code name}; when absent, skips the calling test, or fails it when
     * {@code DRIFTWATCH_REQUIRE_TOOLS=1}.
     */
    static Path require(String name, String debianPackage) {
        Optional<Path> tool = find(name);
        if (tool.isPresent()) {
            return tool.get();
        }
        String message = name + " is not on the PATH; install Debian's package " + debianPackage
            + " to run this check.";
        if ("1".equals(System.getenv(REQUIRE_TOOLS_ENV))) {
            fail(message + " " + REQUIRE_TOOLS_ENV + "=1 makes a missing tool a failure.");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** Runs {@code command} in {@code workDir}, waiting at most {@code timeout}; output is stdout and stderr merged. */
    static Result run(Path workDir, Duration timeout, Map<String, String> environment, List<String> command) {
        Path outputFile = null;
        try {
            outputFile = Files.createTempFile("driftwatch-tool-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                // A file, not a pipe: a chatty tool cannot block on a full pipe while we wait.
                .redirectOutput(outputFile.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("`" + String.join(" ", command) + "` did not finish within " + timeout + "; its output so far:\n"
                    + Files.readString(outputFile, StandardCharsets.UTF_8));
            }
            return new Result(List.copyOf(command), process.exitValue(), Files.readString(outputFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Could not run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running `" + String.join(" ", command) + "`", e);
        } finally {
            if (outputFile != null) {
                try {
                    Files.deleteIfExists(outputFile);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    static Result run(Path workDir, String... command) {
        return run(workDir, DEFAULT_TIMEOUT, Map.of(), List.of(command));
    }
}
