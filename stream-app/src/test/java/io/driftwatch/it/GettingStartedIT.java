package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.embedded.EmbeddedKafka;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docs/getting-started.md as written: every {@code sh} block of the page, in order, against a
 * real broker (in this JVM) and the packaged application (child JVMs), so the walkthrough cannot rot.
 * Each block is preceded by a directive in an HTML comment, invisible on the rendered page:
 * {@code <!-- test: run -->} (must exit 0), {@code <!-- test: background -->} (keeps running until
 * the end, like the monitor in its own terminal) or {@code <!-- test: until "TEXT" -->} (repeated
 * until it exits 0 with TEXT in its output, as a reader would retry). The only changes are the
 * addresses: the broker's for {@code localhost:9092} and a free port for {@code 8080}.
 *
 * <p>Every process a block starts is destroyed with its descendants at the end, and the test fails
 * if one is still alive: an earlier attempt leaked {@code driftwatch run} processes.
 */
class GettingStartedIT {

    private static final Path DOC = Path.of("..", "docs", "getting-started.md");
    private static final Pattern BLOCK = Pattern.compile(
        "<!-- test: (run|background|until \"((?:[^\"\\\\]|\\\\.)*)\") -->\\s*\\n```sh\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration UNTIL_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    Path work;

    private record Step(String mode, String expected, String script) {}

    static List<Step> steps(String doc) {
        List<Step> steps = new ArrayList<>();
        Matcher m = BLOCK.matcher(doc);
        while (m.find()) {
            String mode = m.group(1).startsWith("until") ? "until" : m.group(1);
            String expected = m.group(2) == null ? null : m.group(2).replace("\\\"", "\"");
            steps.add(new Step(mode, expected, m.group(3)));
        }
        return steps;
    }

    @Test
    void everyCommandOfTheWalkthroughWorksAsWritten() throws Exception {
        requireTool("kcat");
        requireTool("curl");
        String doc = Files.readString(DOC);
        List<Step> steps = steps(doc);
        int shBlocks = doc.split("```sh\\n", -1).length - 1;
        assertThat(steps).as("every sh block of the page has a test directive").hasSize(shBlocks).hasSizeGreaterThan(6);

        Path bin = Files.createDirectories(work.resolve("bin"));
        Path launcher = bin.resolve("driftwatch");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -Xmx384m -jar '" + ChildProcess.appJar() + "' \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<Process> started = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            int httpPort = freePort();
            int n = 0;
            for (Step step : steps) {
                n++;
                String script = step.script().replace("localhost:9092", kafka.bootstrapServers())
                    .replace("localhost:8080", "localhost:" + httpPort).replace("http.port=8080", "http.port=" + httpPort);
                Path log = work.resolve("step-" + n + ".log");
                switch (step.mode()) {
                    case "run" -> {
                        Process p = start(script, log, started);
                        assertThat(p.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("step %d finished:\n%s", n, script)
                            .isTrue();
                        assertThat(p.exitValue()).as("step %d exit code:\n%s\n--- output:\n%s", n, script, read(log)).isZero();
                    }
                    case "background" -> start(script, log, started);
                    case "until" -> awaitOutput(n, script, step.expected(), log, started);
                    default -> throw new AssertionError(step.mode());
                }
            }
        } finally {
            destroyAll(started);
        }
    }

    private void awaitOutput(int n, String script, String expected, Path log, List<Process> started) throws Exception {
        long deadline = System.nanoTime() + UNTIL_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Files.deleteIfExists(log);
            Process p = start(script, log, started);
            boolean finished = p.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            last = read(log);
            if (finished && p.exitValue() == 0 && last.contains(expected)) {
                return;
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("Step " + n + " never printed '" + expected + "' within " + UNTIL_TIMEOUT + ":\n" + script
            + "\n--- last output:\n" + last + "\n--- background logs:\n" + backgroundLogs());
    }

    private String backgroundLogs() throws IOException {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(work)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("step-")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                out.append("== ").append(f.getFileName()).append('\n')
                    .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))).append('\n');
            }
        }
        return out.toString();
    }

    private Process start(String script, Path log, List<Process> started) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-ec", script).directory(work.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("PATH", work.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** Every process started, and every process they started, is gone before the test ends. */
    private static void destroyAll(List<Process> started) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : started) {
            all.addAll(p.toHandle().descendants().toList());
            all.add(p.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(all.stream().filter(ProcessHandle::isAlive).map(h -> h.pid() + " " + h.info().commandLine().orElse("?")))
            .as("processes left behind").isEmpty();
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void requireTool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return;
            }
        }
        assertThat(System.getenv("DRIFTWATCH_REQUIRE_TOOLS")).as(name + " is required but not on the PATH").isNotEqualTo("1");
        Assumptions.abort(name + " is not installed (.ci/install-tools.sh installs it)");
    }
}
