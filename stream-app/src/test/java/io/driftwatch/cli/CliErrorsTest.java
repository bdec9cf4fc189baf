package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every user error of issue #15's list, tried again: one or two lines naming the problem and the fix,
 * exit 2 for what the user gave (options, settings, files) and 1 for a failure while running, and no
 * stack trace. No broker runs here: the unreachable one is 127.0.0.1:1, where nothing listens.
 */
class CliErrorsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws IOException {
        write("short.csv", "a,b,label\n1,2,0\n3\n");
        write("empty.csv", "");
        write("header-only.csv", "a,b,label\n");
        write("malformed.csv", "a,\"b,label\n1,2,0\n");
        byte[] binary = new byte[4096];
        new java.util.Random(7).nextBytes(binary);
        Files.write(dir.resolve("binary.csv"), binary);
        write("ok.csv", "a,b,label\n1,2,0\n3,4,1\n");
        write("bad-rules.yaml", "rules:\n  - name: psi\n    metric: feature.psi\n    comparator: '=>'\n    threshold: 0.2\n"
            + "    severity: warning\n");
        write("state.properties", "bootstrap.servers=127.0.0.1:1\n");
        Files.write(dir.resolve("latin1-rules.yaml"), "rules: [] # caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    static Stream<Arguments> badInputs() {
        String unreachable = "cannot reach Kafka at 127.0.0.1:1 (no broker answered within 1 s)";
        return Stream.of(
            // Training files, offline.
            bad(2, "short.csv, line 3: expected 3 fields", "baseline", "create", "--dry-run", "-m", "m", "-v", "1", "--from", file("short.csv")),
            bad(2, "empty.csv is empty", "baseline", "create", "--dry-run", "-m", "m", "-v", "1", "--from", file("empty.csv")),
            bad(2, "header-only.csv has no usable rows", "baseline", "create", "--dry-run", "-m", "m", "-v", "1", "--from", file("header-only.csv")),
            bad(2, "is not closed", "baseline", "create", "--dry-run", "-m", "m", "-v", "1", "--from", file("malformed.csv")),
            bad(2, "binary.csv is not a text file", "baseline", "create", "--dry-run", "-m", "m", "-v", "1", "--from", file("binary.csv")),
            bad(2, "missing.csv does not exist", "baseline", "create", "--dry-run", "-m", "m", "-v", "1", "--from", file("missing.csv")),
            bad(2, "Missing required option", "baseline", "create", "--dry-run", "--from", file("ok.csv")),
            bad(2, "--model 'a/b' contains '/'", "baseline", "create", "--dry-run", "-m", "a/b", "-v", "1", "--from", file("ok.csv")),
            bad(2, "--model 'a#comparisons' contains '#'", "baseline", "create", "--dry-run", "-m", "a#comparisons", "-v", "1",
                "--from", file("ok.csv")),
            bad(2, "--model '' is empty", "baseline", "create", "--dry-run", "-m", "", "-v", "1", "--from", file("ok.csv")),
            bad(2, "--version is empty", "baseline", "create", "--dry-run", "-m", "m", "-v", " ", "--from", file("ok.csv")),
            bad(2, "--task forecast: use binary, multiclass or regression", "baseline", "create", "--dry-run", "-m", "m", "-v", "1",
                "--from", file("ok.csv"), "--task", "forecast"),
            // The demo's options, refused before its broker starts.
            bad(2, "--speed 0.0 must be more than 0", "demo", "--speed", "0"),
            bad(2, "--speed -1.0 must be more than 0", "demo", "--speed", "-1"),
            bad(2, "--rate -10.0 must be more than 0", "demo", "--rate", "-10"),
            bad(2, "--port 70000 is not a port", "demo", "--port", "70000"),
            bad(2, "--kafka-port 70000 is not a port", "demo", "--kafka-port", "70000"),
            bad(2, "--window 2x is not a duration", "demo", "--window", "2x"),
            bad(2, "--host 192.0.2.1 is not an address of this machine", "demo", "--host", "192.0.2.1"),
            bad(2, "Invalid value for option '--speed'", "demo", "--speed", "fast"),
            bad(2, "Did you mean --speed?", "demo", "--sped", "4"),
            // Other options and settings.
            bad(2, "--rate -1.0 must be 0", "generate", "--rate", "-1", "-b", "127.0.0.1:1"),
            bad(2, "Unknown scenario 'drift'; use one of stationary, input-drift", "generate", "--scenario", "drift", "-b", "127.0.0.1:1"),
            bad(2, "canary-regression, shadow, ab-better or demo.", "generate", "--scenario", "drift", "-b", "127.0.0.1:1"),
            bad(2, "--partitions 0 must be at least 1", "topics", "create", "--partitions", "0", "-b", "127.0.0.1:1"),
            bad(2, "--timeout 0s must be positive", "audit", "verify", "-b", "127.0.0.1:1", "--timeout", "0s"),
            bad(2, "--timeout 200000000000d is longer than a day", "audit", "verify", "-b", "127.0.0.1:1", "--timeout",
                "200000000000d"),
            bad(2, "--trusted-hash XYZ is not a record hash", "audit", "verify", "-b", "127.0.0.1:1", "--from-offset", "5",
                "--trusted-hash", "XYZ"),
            bad(2, "Invalid Kafka client setting", "topics", "create", "-b", "kafka-without-a-port"),
            bad(2, "latin1-rules.yaml is not UTF-8 text", "rules", "check", file("latin1-rules.yaml")),
            bad(2, "state.dir is not a Driftwatch setting. Kafka client", "audit", "verify", "-b", "127.0.0.1:1", "--set", "state.dir=/x"),
            bad(2, "bootstrap.servers is required", "topics", "create"),
            bad(2, "--from-offset and --trusted-hash go together", "audit", "verify", "-b", "127.0.0.1:1", "--from-offset", "5"),
            bad(2, "bad-rules.yaml line 4: unknown comparator '=>'", "rules", "check", file("bad-rules.yaml")),
            bad(2, "nope.yaml does not exist", "rules", "check", file("nope.yaml")),
            bad(2, "'nope' is not a command of 'driftwatch baseline'", "help", "baseline", "nope"),
            // Kafka unreachable: one line, within the timeout, for every command that needs it.
            bad(1, unreachable, "audit", "verify", "-b", "127.0.0.1:1", "--timeout", "1s"),
            bad(1, unreachable, "baseline", "show", "-m", "m", "-v", "1", "-b", "127.0.0.1:1", "--timeout", "1s"),
            bad(1, unreachable, "baseline", "create", "-m", "m", "-v", "1", "--from", file("ok.csv"), "-b", "127.0.0.1:1", "--timeout", "1s"),
            bad(1, unreachable, "topics", "create", "--timeout", "1s", "--config", file("state.properties")),
            bad(1, unreachable, "generate", "--max-events", "10", "-b", "127.0.0.1:1", "--timeout", "1s"),
            // Every documented scenario passes its check (the deployment ones once did not): the option checked
            // after it is the one refused.
            bad(2, "Unknown prediction type 'forecast'", "generate", "--scenario", "canary-regression", "--type", "forecast",
                "-b", "127.0.0.1:1"),
            bad(2, "Unknown prediction type 'forecast'", "generate", "--scenario", "shadow", "--type", "forecast", "-b", "127.0.0.1:1"),
            bad(2, "Unknown prediction type 'forecast'", "generate", "--scenario", "ab-better", "--type", "forecast", "-b", "127.0.0.1:1"),
            bad(2, "Unknown prediction type 'forecast'", "generate", "--scenario", "demo", "--type", "forecast", "-b", "127.0.0.1:1"));
    }

    private static Arguments bad(int exitCode, String message, String... args) {
        return Arguments.of(String.join(" ", args).replace(dir.toString() + "/", ""), args, exitCode, message);
    }

    @ParameterizedTest(name = "driftwatch {0}")
    @MethodSource("badInputs")
    void aUserErrorIsTwoLinesAndAnExitCodeWithoutAStackTrace(String name, String[] args, int exitCode, String message) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as("exit code; stderr:\n%s", run.err()).isEqualTo(exitCode);
        assertThat(run.err()).contains(message);
        List<String> lines = run.errLines();
        assertThat(lines).as("stderr").hasSizeBetween(1, 2)
            .noneMatch(l -> l.contains("Exception"))
            .noneMatch(l -> l.strip().startsWith("at "));
        assertThat(run.out()).as("nothing started").doesNotContain("Starting");
    }

    @ParameterizedTest(name = "--verbose: driftwatch {0}")
    @MethodSource("badInputs")
    void verboseAddsTheStackTraceOfAFailureWhileRunning(String name, String[] args, int exitCode, String message) {
        if (exitCode != 1) {
            return;
        }
        List<String> verbose = new ArrayList<>(List.of(args));
        verbose.add("--verbose");
        CliRun run = CliRun.of(verbose.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(exitCode);
        assertThat(run.err()).contains(message).contains("\tat io.driftwatch.");
    }
}
