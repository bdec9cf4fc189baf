package io.driftwatch.bench.throughput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where this JVM's CPU goes, from Java Flight Recorder's execution samples (every 10 ms JFR samples a
 * few of the threads that are running Java code). Each sample is charged to a stage of
 * the pipeline by the frame nearest the top of its stack that belongs to a known stage, so a
 * {@code HashMap.get} called while profiling an event is charged to profiling, and a sketch serialized
 * while the store is flushed before a commit to the profile codec.
 */
public final class CpuProfile {

    /** Stages by class-name prefix, checked in order on each frame from the leaf down. */
    private static final List<Map.Entry<String, String>> STAGES = List.of(
        Map.entry("io.driftwatch.schemas.serde", "Avro decode (registry wire format)"),
        Map.entry("org.apache.avro", "Avro decode (registry wire format)"),
        Map.entry("io.driftwatch.schemas.validation", "event validation"),
        Map.entry("io.driftwatch.profile.WindowProfileCodec", "profile codec (state flush, bus)"),
        Map.entry("io.driftwatch.profile", "profile update (sketches, counters)"),
        Map.entry("io.driftwatch.performance", "quality accumulators"),
        Map.entry("io.driftwatch.state", "live-object store"),
        Map.entry("io.driftwatch.ingest", "ingest (other)"),
        Map.entry("io.driftwatch.topology.labels", "label join"),
        Map.entry("io.driftwatch.topology.PartialProfileProcessor", "stage 1 (other)"),
        Map.entry("io.driftwatch.topology.WindowMergeProcessor", "stage 2: merge, compare, alert, audit"),
        // Parts of the merge stage in classes of their own, counted with it as when they were in it.
        Map.entry("io.driftwatch.topology.BaselineCapture", "stage 2: merge, compare, alert, audit"),
        Map.entry("io.driftwatch.topology.DetectorsByVersion", "stage 2: merge, compare, alert, audit"),
        Map.entry("io.driftwatch.topology.QualityReferences", "stage 2: merge, compare, alert, audit"),
        Map.entry("io.driftwatch.report", "stage 2: merge, compare, alert, audit"),
        Map.entry("io.driftwatch.stats", "stage 2: merge, compare, alert, audit"),
        Map.entry("io.driftwatch.alerting", "stage 2: merge, compare, alert, audit"),
        Map.entry("io.driftwatch.audit", "stage 2: merge, compare, alert, audit"),
        Map.entry("io.driftwatch.topology", "topology (bus serde, routing)"),
        Map.entry("io.driftwatch", "other Driftwatch code"),
        Map.entry("org.rocksdb", "RocksDB (JNI)"),
        Map.entry("org.apache.kafka.clients.producer", "Kafka producer"),
        Map.entry("org.apache.kafka.clients.consumer", "Kafka consumer"),
        Map.entry("org.apache.kafka.common", "Kafka records, network, compression"),
        Map.entry("org.apache.kafka.streams", "Kafka Streams runtime"),
        Map.entry("io.micrometer", "Micrometer metrics"),
        Map.entry("org.apache.kafka", "other Kafka client code"));

    /**
     * What the samples say.
     *
     * @param samples        Java execution samples
     * @param nativeSamples  samples of threads in native code (RocksDB, sockets, waiting)
     * @param byStage        samples per pipeline stage
     * @param byThread       samples per thread (thread names with numbers folded)
     * @param topMethods     the methods most often on top of the stack ("self" time)
     */
    public record Breakdown(long samples, long nativeSamples, Map<String, Long> byStage, Map<String, Long> byThread,
                            Map<String, Long> topMethods) {
    }

    private CpuProfile() {
    }

    /**
     * Starts recording execution samples of this JVM, every 10 ms, and nothing else; null when
     * {@code -Dbench.jfr=false}. Only the sampler: the JDK's "profile" settings (allocation and old-object
     * sampling among them) cost this pipeline a third of its throughput and most of its GC time.
     */
    public static Recording start() {
        if (!Boolean.parseBoolean(System.getProperty("bench.jfr", "true"))) {
            return null;
        }
        Recording recording = new Recording();
        recording.setName("driftwatch-bench");
        recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
        recording.enable("jdk.NativeMethodSample").withPeriod(java.time.Duration.ofMillis(20));
        if (Boolean.getBoolean("bench.jfr.jit")) {
            // To find what the JIT compiler still compiles during a measured run (read with `jfr print --events`).
            recording.enable("jdk.Compilation").withThreshold(java.time.Duration.ZERO);
            recording.enable("jdk.Deoptimization");
        }
        recording.start();
        return recording;
    }

    /**
     * Stops the recording, writes it to {@code file} and reads back the execution samples taken between
     * {@code from} and {@code to}. Start the recording well before: starting one makes the JVM retransform
     * the classes it instruments and throw away much compiled code, and the recompilation would be measured.
     */
    public static Breakdown stop(Recording recording, Path file, java.time.Instant from, java.time.Instant to) {
        if (recording == null) {
            return new Breakdown(0, 0, Map.of(), Map.of(), Map.of());
        }
        try {
            recording.stop();
            recording.dump(file);
            recording.close();
            Map<String, Long> stages = new HashMap<>();
            Map<String, Long> threads = new HashMap<>();
            Map<String, Long> methods = new HashMap<>();
            long samples = 0;
            long nativeSamples = 0;
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                String type = e.getEventType().getName();
                if (type.equals("jdk.NativeMethodSample")) {
                    if (!e.getStartTime().isBefore(from) && !e.getStartTime().isAfter(to)) {
                        nativeSamples++;
                    }
                    continue;
                }
                if (!type.equals("jdk.ExecutionSample") || e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                    continue;
                }
                samples++;
                RecordedStackTrace stack = e.getStackTrace();
                List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
                stages.merge(stageOf(frames), 1L, Long::sum);
                if (!frames.isEmpty()) {
                    RecordedFrame top = frames.get(0);
                    methods.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
                }
                String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
                threads.merge(thread == null ? "?" : thread.replaceAll("-\\d+", "-N").replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "ID"),
                    1L, Long::sum);
            }
            return new Breakdown(samples, nativeSamples, sorted(stages, 100), sorted(threads, 12), sorted(methods, 25));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String stageOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, String> stage : STAGES) {
                if (type.startsWith(stage.getKey())) {
                    return stage.getValue();
                }
            }
        }
        return "JVM and JDK (no library frame)";
    }

    private static Map<String, Long> sorted(Map<String, Long> counts, int limit) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : entries.subList(0, Math.min(limit, entries.size()))) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }
}
