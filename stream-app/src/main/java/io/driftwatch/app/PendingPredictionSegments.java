package io.driftwatch.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Rebuilds, from their changelogs, the tasks whose local store of predictions waiting for their outcome was cut into
 * segments of another width than the one the settings give now.
 *
 * <p>Why: the label join keeps each waiting prediction in the bucket of its event time, and the RocksDB window store's
 * segments are those buckets ({@code PendingPredictionLayout}); their width follows {@code labels.horizon} and
 * {@code window.size}. A segment's directory is named after its first timestamp, and Kafka Streams opens an existing
 * directory only where that name is a multiple of the segment width it is given now: after a change of either setting,
 * the segments of the older width that the new one does not align with are never opened, and every prediction in them
 * (up to a horizon's worth) would wait for an outcome that no longer finds it. Restored from the changelog, the same
 * entries are written into segments of the new width, where the join's lookups find them
 * ({@code PendingPredictions}). So a task directory holding such a segment is removed before Kafka Streams starts, as
 * {@link CleanShutdownMarker} removes those of a crash.
 */
final class PendingPredictionSegments {

    private final TaskDirectories tasks;
    private final String storeName;

    PendingPredictionSegments(TaskDirectories tasks, String storeName) {
        this.tasks = tasks;
        this.storeName = storeName;
    }

    /**
     * Called before Kafka Streams is created: removes the task directories whose store has a segment that does not
     * start at a multiple of {@code bucketMs}.
     *
     * @return the task directories removed
     */
    List<Path> discardOtherWidths(long bucketMs) {
        try {
            List<Path> misaligned = new ArrayList<>();
            for (Path task : tasks.list()) {
                if (hasSegmentOffWidth(task.resolve(storeName), bucketMs)) {
                    misaligned.add(task);
                }
            }
            return tasks.remove(misaligned);
        } catch (IOException e) {
            throw tasks.unusable(e);
        }
    }

    private boolean hasSegmentOffWidth(Path store, long bucketMs) throws IOException {
        if (!Files.isDirectory(store)) {
            return false;
        }
        String prefix = storeName + ".";
        try (Stream<Path> segments = Files.list(store)) {
            return segments.map(p -> p.getFileName().toString())
                .filter(name -> name.startsWith(prefix))
                .map(name -> name.substring(prefix.length()))
                .filter(start -> !start.isEmpty() && start.chars().allMatch(Character::isDigit))
                .anyMatch(start -> Long.parseLong(start) % bucketMs != 0);
        }
    }
}
