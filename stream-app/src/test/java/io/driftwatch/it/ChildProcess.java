package io.driftwatch.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from the packaged application (stream-app/target/driftwatch.jar and its lib/), with
 * its output in a log file. {@link #kill()} is a real SIGKILL.
 */
public final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Path appJar() {
        Path jar = Path.of("target", "driftwatch.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Run 'mvn package' first: " + jar + " is missing");
        }
        return jar;
    }

    /**
     * {@code java -jar driftwatch.jar args...} with the C1 compiler only, as the ITs' own JVMs run (the root pom's
     * {@code it.jvm.args} says why): these tests check what the monitor does, not how fast, and its short runs on a
     * few thousand events cost less CPU without C2's compilations.
     */
    public static ChildProcess driftwatch(Path log, String... args) throws IOException {
        return driftwatch(log, List.of("-XX:TieredStopAtLevel=1"), args);
    }

    /** {@code java -jar driftwatch.jar args...} as users run it, both compilers, for the tests that time it. */
    public static ChildProcess driftwatchAsShipped(Path log, String... args) throws IOException {
        return driftwatch(log, List.of(), args);
    }

    private static ChildProcess driftwatch(Path log, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx512m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", appJar().toString()));
        cmd.addAll(List.of(args));
        return start(cmd, log);
    }

    /**
     * {@code java -cp driftwatch.jar:lib/* mainClass args...}, for the Kafka broker and its tools. They are the tests'
     * scaffolding, not what is tested, so they run with the C1 compiler only, as the ITs' own JVMs do (the root
     * pom's {@code it.jvm.args} says why): less CPU taken from the monitor under test on a two-core machine.
     */
    public static ChildProcess main(Path log, String mainClass, String... args) throws IOException {
        String cp = appJar() + java.io.File.pathSeparator + appJar().getParent().resolve("lib") + "/*";
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", cp, mainClass));
        cmd.addAll(List.of(args));
        return start(cmd, log);
    }

    /** Any other program, with its output in {@code log}. */
    public static ChildProcess external(Path log, List<String> command) throws IOException {
        return start(command, log);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static ChildProcess start(List<String> cmd, Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ChildProcess(p, log);
    }

    /** Waits for the process to exit and returns its exit code. */
    public int await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            // The log lives in a temporary directory that JUnit deletes: its end goes into the failure.
            throw new AssertionError("Process did not exit within " + timeout + "; the end of " + log + ":\n"
                + logTail());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, as Ctrl-C or a container stop would send: shutdown hooks run; SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
