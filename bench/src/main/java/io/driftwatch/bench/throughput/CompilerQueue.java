package io.driftwatch.bench.throughput;

import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the JIT compiler to finish what a warm-up queued. On two cores shared with the broker, C2
 * compiles the warm-up's hot code for tens of seconds after the warm-up ends (per-commit and per-window
 * code becomes hot slowly, and the queue drains only when a core is free); measured straight away, a
 * third of a core of compiler work lands in the measured interval, work a long-running monitor no longer
 * does.
 */
final class CompilerQueue {

    private static final Logger LOG = LoggerFactory.getLogger(CompilerQueue.class);
    /** Below this the compiler is only compiling what the next run will make hot. */
    private static final double QUIET_CORES = 0.05;

    private CompilerQueue() {
    }

    /** Returns once the JIT compiler threads used less than 5% of a core over a second, or after {@code atMost}. */
    static void awaitDrained(Duration atMost) throws InterruptedException {
        long began = System.nanoTime();
        long deadline = began + atMost.toNanos();
        ThreadCpu before = ThreadCpu.now();
        double cores = Double.NaN;
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            ThreadCpu after = ThreadCpu.now();
            Map<String, Double> used = after.coresSince(before, 1.0);
            cores = used.getOrDefault("JIT compiler", 0.0);
            if (cores < QUIET_CORES) {
                LOG.info("JIT compiler quiet ({} cores) after {} s", String.format("%.2f", cores),
                    (System.nanoTime() - began) / 1_000_000_000);
                return;
            }
            before = after;
        }
        LOG.warn("The JIT compiler still used {} cores after {} s; measuring anyway", String.format("%.2f", cores),
            atMost.toSeconds());
    }
}
