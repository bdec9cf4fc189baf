package io.driftwatch.bench.throughput;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/** CPU and GC time of this JVM so far. */
public record ProcessCpu(Duration cpu, Duration gc) {

    public static ProcessCpu now() {
        long cpuNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new ProcessCpu(Duration.ofNanos(Math.max(0, cpuNanos)), Duration.ofMillis(gcMillis));
    }

    public ProcessCpu since(ProcessCpu earlier) {
        return new ProcessCpu(cpu.minus(earlier.cpu), gc.minus(earlier.gc));
    }
}
