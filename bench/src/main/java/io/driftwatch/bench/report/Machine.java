package io.driftwatch.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the figures were measured on. */
public record Machine(int cores, String cpuModel, long memoryBytes, String jdk, String os) {

    public static Machine describe() {
        String model = "unknown";
        long memory = Runtime.getRuntime().maxMemory();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memory = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: keep what the JVM knows.
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), model, memory,
            System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")");
    }

    /** The 1-, 5- and 15-minute load averages, to show whether something else was running. */
    public static String loadAverage() {
        try {
            List<String> parts = List.of(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+"));
            return parts.get(0) + " / " + parts.get(1) + " / " + parts.get(2);
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The 1-minute load average, or NaN off Linux. */
    public static double loadOneMinute() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    public String memory() {
        return String.format(Locale.ROOT, "%.1f GB", memoryBytes / 1073741824.0);
    }
}
