package io.driftwatch.bench.throughput;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.ObjectName;

/**
 * CPU time of every thread of this process at one moment, from Linux's {@code /proc/self/task}: Java
 * threads (named through a thread dump, which gives each one's native id), and the JVM's and native
 * libraries' own threads (garbage collector, JIT compiler, RocksDB's flush and compaction threads),
 * which the JVM's thread bean does not see. Over an interval it shows which threads were busy: a
 * stream thread well below one core was waiting or was not given a core.
 */
public final class ThreadCpu {

    private static final Pattern DUMP_LINE = Pattern.compile("^\"(.*)\" .*nid=(0x[0-9a-f]+)", Pattern.MULTILINE);
    private static final double TICKS_PER_SECOND = 100;

    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Integer, Long> ticks = new HashMap<>();

    private ThreadCpu() {
    }

    public static ThreadCpu now() {
        ThreadCpu snapshot = new ThreadCpu();
        Map<Integer, String> javaNames = javaThreadNames();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    int tid = Integer.parseInt(task.getFileName().toString());
                    String stat = Files.readString(task.resolve("stat"));
                    // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long cpu = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    String name = javaNames.getOrDefault(tid, Files.readString(task.resolve("comm")).trim());
                    snapshot.names.put(tid, name);
                    snapshot.ticks.put(tid, cpu);
                } catch (IOException | RuntimeException e) {
                    // The thread ended meanwhile.
                }
            });
        } catch (IOException e) {
            // Not Linux: no per-thread figures.
        }
        return snapshot;
    }

    private static Map<Integer, String> javaThreadNames() {
        Map<Integer, String> names = new HashMap<>();
        try {
            Object dump = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "threadPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
            Matcher m = DUMP_LINE.matcher(String.valueOf(dump));
            while (m.find()) {
                names.put(Integer.decode(m.group(2)), m.group(1));
            }
        } catch (Exception e) {
            // Without the dump, the kernel's 15-character names are used.
        }
        return names;
    }

    /** Cores used per thread group between {@code earlier} and this snapshot over {@code seconds}, largest first. */
    public Map<String, Double> coresSince(ThreadCpu earlier, double seconds) {
        Map<String, Double> byGroup = new HashMap<>();
        ticks.forEach((tid, cpu) -> {
            long before = earlier.ticks.getOrDefault(tid, 0L);
            byGroup.merge(group(names.get(tid)), (cpu - before) / TICKS_PER_SECOND / seconds, Double::sum);
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        byGroup.entrySet().stream().filter(e -> e.getValue() >= 0.005)
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static String group(String name) {
        if (name.contains("StreamThread-") && !name.contains("|")) {
            return "Kafka Streams " + name.substring(name.indexOf("StreamThread-"));
        }
        if (name.startsWith("kafka-producer-network-thread")) {
            return name.contains("StreamThread") ? "stream producers' I/O threads" : "other producer I/O threads";
        }
        if (name.startsWith("rocksdb")) {
            return "RocksDB flush and compaction";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Periodic Task Thread")
            || name.startsWith("GC ")) {
            return "garbage collector";
        }
        if (name.contains("CompilerThread") || name.startsWith("C2 ") || name.startsWith("C1 ")) {
            return "JIT compiler";
        }
        if (name.startsWith("JFR") || name.startsWith("JFR ")) {
            return "flight recorder";
        }
        if (name.equals("main") || name.startsWith("bare-decode")) {
            return "harness (offset polling)";
        }
        if (name.startsWith("kafka-admin-client-thread") || name.contains("GlobalStreamThread") || name.contains("StateUpdater")
            || name.contains("kafka-coordinator-heartbeat")) {
            return "admin, global-store and state-updater threads";
        }
        return "other";
    }
}
