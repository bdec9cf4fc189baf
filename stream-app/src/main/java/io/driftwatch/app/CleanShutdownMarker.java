package io.driftwatch.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Remembers whether this instance's last run stopped cleanly, so that after a crash its local state is
 * discarded once, before Kafka Streams starts, instead of being opened, found corrupt and wiped.
 *
 * <p>Why: under exactly-once, a task whose stores were not closed cleanly may hold uncommitted writes,
 * so Kafka Streams (4.x) treats every such task as corrupted and restores it from its changelog. It
 * finds that out only after opening every RocksDB store of the task twice (once when it registers the
 * state directory at start-up, once when the stream thread initialises the task), which on a 2-core
 * machine cost about as much as the restoration itself (measured by the fault benchmark: 14 s of a
 * 33–53 s restart for 8 tasks). The outcome is the same either way — the task is rebuilt from its
 * changelog — so deleting the task directories first changes only how long it takes.
 *
 * <p>The marker is a file in the application's state directory, written after Kafka Streams closed
 * with every thread stopped, and removed when the next run starts, so that a crash at any later moment
 * leaves no marker. Only task directories ({@code <sub-topology>_<partition>}) are removed; the global
 * store's directory is checkpointed and reused by Kafka Streams after a crash too. Nothing is removed
 * when another process holds the state directory's lock (Kafka Streams then refuses to start anyway)
 * or when the processing guarantee is not exactly-once (at-least-once keeps crashed stores).
 */
final class CleanShutdownMarker {

    static final String FILE_NAME = "driftwatch-clean-shutdown";

    private final TaskDirectories tasks;

    /** The marker of these task directories' application state directory. */
    CleanShutdownMarker(TaskDirectories tasks) {
        this.tasks = tasks;
    }

    /** The marker of the application's state directory: {@code state.dir}/{@code application.id}. */
    static CleanShutdownMarker of(Path stateDir, String applicationId) {
        return new CleanShutdownMarker(TaskDirectories.of(stateDir, applicationId));
    }

    /**
     * Called before Kafka Streams is created. Consumes the marker; if there was none and the processing
     * guarantee is exactly-once, removes the task directories a crash left behind.
     *
     * @return the task directories removed
     */
    List<Path> discardStateOfUncleanStop(boolean exactlyOnce) {
        Path marker = tasks.applicationStateDir().resolve(FILE_NAME);
        try {
            if (Files.deleteIfExists(marker) || !exactlyOnce) {
                return List.of();
            }
            return tasks.remove(tasks.list());
        } catch (IOException e) {
            throw tasks.unusable(e);
        }
    }

    /** Called after Kafka Streams closed with all its threads stopped. */
    void markClean() {
        try {
            if (Files.isDirectory(tasks.applicationStateDir())) {
                Files.writeString(tasks.applicationStateDir().resolve(FILE_NAME), "Kafka Streams closed cleanly\n");
            }
        } catch (IOException e) {
            // Without the marker the next start discards and restores local state: slower, never wrong.
        }
    }
}
