package io.driftwatch.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The task directories ({@code <sub-topology>_<partition>}) of an application's state directory, and their removal
 * before Kafka Streams starts, so that it restores those tasks from their changelogs. Only under the lock file Kafka
 * Streams' {@code StateDirectory} takes in the same directory: when another process holds it, nothing is removed
 * (Kafka Streams then refuses to start anyway).
 */
final class TaskDirectories {

    private static final Pattern TASK_DIRECTORY = Pattern.compile("\\d+_\\d+");
    private static final String STREAMS_LOCK_FILE = ".lock";

    private final Path applicationStateDir;

    TaskDirectories(Path applicationStateDir) {
        this.applicationStateDir = applicationStateDir;
    }

    /** The task directories of {@code state.dir}/{@code application.id}. */
    static TaskDirectories of(Path stateDir, String applicationId) {
        return new TaskDirectories(stateDir.resolve(applicationId));
    }

    Path applicationStateDir() {
        return applicationStateDir;
    }

    /** The task directories, in name order; none when the application's state directory does not exist. */
    List<Path> list() throws IOException {
        if (!Files.isDirectory(applicationStateDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(applicationStateDir)) {
            return children.filter(p -> Files.isDirectory(p) && TASK_DIRECTORY.matcher(p.getFileName().toString()).matches())
                .sorted().toList();
        }
    }

    /** Removes these task directories if no other process holds the state directory; returns those removed. */
    List<Path> remove(List<Path> tasks) throws IOException {
        if (tasks.isEmpty()) {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(applicationStateDir.resolve(STREAMS_LOCK_FILE),
                 StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(channel)) {
            if (lock == null) {
                return List.of();
            }
            for (Path task : tasks) {
                deleteRecursively(task);
            }
        }
        return tasks;
    }

    /** The error for a state directory that cannot be read or changed, naming it and what to check. */
    UncheckedIOException unusable(IOException e) {
        return new UncheckedIOException("Cannot prepare the state directory " + applicationStateDir
            + " (" + e.getMessage() + "); check kafka.state.dir and its permissions", e);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
