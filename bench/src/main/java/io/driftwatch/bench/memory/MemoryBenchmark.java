package io.driftwatch.bench.memory;

import io.driftwatch.bench.kafka.BrokerProcess;
import io.driftwatch.bench.kafka.CommittedOffsets;
import io.driftwatch.bench.kafka.MonitorInstance;
import io.driftwatch.bench.load.Preloader;
import io.driftwatch.bench.load.Workload;
import io.driftwatch.generator.TrafficGenerator;
import io.driftwatch.schemas.registry.MockSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory as models × features grow: the monitor processes preloaded traffic of {@code models} models
 * with equal shares (every profile as full as the busiest) against the benchmark broker, while a
 * sampler forces a full GC every second and keeps the largest heap in use after it (the live set, in
 * this JVM, where nothing else is left running), and the size of the state directory (RocksDB files).
 * Bytes per feature-window profile come from encoding the same traffic's window profiles offline
 * ({@link ProfileSizes}).
 */
public final class MemoryBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryBenchmark.class);
    private static final Duration WINDOW = Duration.ofSeconds(10);

    /**
     * @param heapBaselineBytes heap in use after a full GC before the monitor started (the harness itself)
     * @param liveHeapPeakBytes largest heap in use after a full GC while the monitor ran, harness included
     * @param stateDirPeakBytes largest size of the state directory while the monitor ran
     */
    public record Result(Workload workload, long events, long eventsPerModelWindow, long heapBaselineBytes,
                         long liveHeapPeakBytes, long stateDirPeakBytes, ProfileSizes.Summary profiles) {
        public long monitorHeapBytes() {
            return liveHeapPeakBytes - heapBaselineBytes;
        }
    }

    private final Path workDir;

    public MemoryBenchmark(Path workDir) {
        this.workDir = workDir;
    }

    /** Runs {@code workload} (skew is taken as 0) with about {@code perModelWindow} events per model and window. */
    public Result run(Workload workload, int perModelWindow, int partitions) throws Exception {
        Workload equal = new Workload(workload.models(), workload.numeric(), workload.categorical(), 0);
        String name = equal.models() + "x" + equal.features();
        Path dir = Files.createDirectories(workDir.resolve("memory-" + name));
        String scope = "bench-memory-" + UUID.randomUUID();
        String registryUrl = "mock://" + scope;
        double windows = 2.5;
        long events = Math.round(equal.models() * (long) perModelWindow * windows);
        double rate = equal.models() * (double) perModelWindow / WINDOW.toSeconds();
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"))) {
            Path state = dir.resolve("state");
            Map<String, String> settings = MonitorInstance.baseSettings(broker.bootstrapServers(), "bench-memory-" + name,
                state, registryUrl);
            settings.put("window.size", WINDOW.toMillis() + "ms");
            settings.put("window.grace", "1s");
            settings.put("labels.enabled", "false");
            MonitorInstance.createTopics(broker.bootstrapServers(), settings, partitions);
            Instant start = Instant.now().minusSeconds(Math.round(events / rate) + 60);
            TrafficGenerator generator = equal.traffic().generator(5, start);
            Preloader.Loaded loaded = new Preloader(broker.bootstrapServers(), registryUrl)
                .load(generator, events, start, rate, false, "predictions", "outcomes");
            LOG.info("[memory {}] preloaded {} events in {} s", name, loaded.predictions(), loaded.took().toSeconds());
            long baseline = liveHeap();
            AtomicLong heapPeak = new AtomicLong(baseline);
            AtomicLong diskPeak = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    heapPeak.accumulateAndGet(liveHeap(), Math::max);
                    diskPeak.accumulateAndGet(sizeOf(state), Math::max);
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "memory-sampler");
            try (MonitorInstance monitor = MonitorInstance.start(settings);
                 CommittedOffsets offsets = new CommittedOffsets(broker.bootstrapServers(), settings.get("application.id"))) {
                sampler.start();
                long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
                while (offsets.committed("predictions") < events) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The monitor did not process the preloaded events within 15 minutes");
                    }
                    Thread.sleep(500);
                }
                // Let the last windows close and the stores settle before the last samples.
                Thread.sleep(3000);
            } finally {
                sampling.set(false);
                sampler.interrupt();
                sampler.join();
            }
            ProfileSizes.Summary profiles = ProfileSizes.ofTraffic(equal.traffic().generator(5, start), events, start, rate,
                WINDOW);
            LOG.info("[memory {}] live heap peak {} MB (baseline {} MB), state dir peak {} MB, {} bytes per feature-window",
                name, heapPeak.get() >> 20, baseline >> 20, diskPeak.get() >> 20, Math.round(profiles.meanBytesPerFeature()));
            return new Result(equal, events, perModelWindow, baseline, heapPeak.get(), diskPeak.get(), profiles);
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }

    /** Heap in use right after a full collection. */
    static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long sizeOf(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // RocksDB removed it meanwhile
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
