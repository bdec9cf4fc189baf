package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.topology.labels.PendingPredictionLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change of {@code labels.horizon} changes the width of the label join's buckets, and so of its RocksDB store's
 * segments. Reopened with the new width, the store no longer sees the predictions in segments the new width does not
 * align with; the task holding it is removed before Kafka Streams starts (so that it is restored from its changelog),
 * and no other.
 */
class PendingPredictionSegmentsTest {

    private static final String STORE = "label-join-predictions";
    /** Buckets of 60 s, and of 100 s after the horizon grows: their starts meet once in 5 minutes. */
    private static final PendingPredictionLayout BEFORE = PendingPredictionLayout.of(Duration.ofSeconds(110), Duration.ofSeconds(10));
    private static final PendingPredictionLayout AFTER = PendingPredictionLayout.of(Duration.ofSeconds(190), Duration.ofSeconds(10));
    private static final long T0 = 1_764_000_000_000L; // a multiple of 5 minutes

    @TempDir
    Path stateDir;

    @Test
    void aStoreReopenedWithAnotherWidthLosesMostOfItsPredictions() {
        Path task = stateDir.resolve("app").resolve("2_0");
        writeFourBuckets(task, BEFORE);

        assertThat(entries(task, BEFORE)).as("the width it was written with").hasSize(4);
        assertThat(entries(task, AFTER)).as("only the segment both widths start").hasSize(1);
    }

    @Test
    void theTasksWithSegmentsOfAnotherWidthAreRemovedAndNoOther() throws Exception {
        Path app = stateDir.resolve("app");
        writeFourBuckets(app.resolve("2_0"), BEFORE);
        writeFourBuckets(app.resolve("2_1"), AFTER);
        Files.createDirectories(app.resolve("0_0").resolve("partial-windows"));
        PendingPredictionSegments segments = new PendingPredictionSegments(new TaskDirectories(app), STORE);

        assertThat(segments.discardOtherWidths(AFTER.bucketMs())).containsExactly(app.resolve("2_0"));
        assertThat(app.resolve("2_0")).doesNotExist();
        assertThat(app.resolve("2_1")).isDirectory();
        assertThat(app.resolve("0_0")).isDirectory();
        assertThat(entries(app.resolve("2_1"), AFTER)).hasSize(4);

        assertThat(segments.discardOtherWidths(AFTER.bucketMs())).as("once rebuilt, nothing more").isEmpty();
    }

    @Test
    void nothingIsRemovedWhileTheWidthIsTheSameOrWithoutState() {
        Path app = stateDir.resolve("app");
        PendingPredictionSegments segments = new PendingPredictionSegments(new TaskDirectories(app), STORE);
        assertThat(segments.discardOtherWidths(BEFORE.bucketMs())).as("no state directory").isEmpty();

        writeFourBuckets(app.resolve("2_0"), BEFORE);
        assertThat(segments.discardOtherWidths(BEFORE.bucketMs())).isEmpty();
        assertThat(entries(app.resolve("2_0"), BEFORE)).hasSize(4);
    }

    /** Four predictions in four consecutive buckets of the layout, in the store's directory under {@code task}. */
    private static void writeFourBuckets(Path task, PendingPredictionLayout layout) {
        WindowStore<Bytes, byte[]> store = open(task, layout);
        for (int i = 0; i < 4; i++) {
            store.put(Bytes.wrap(new byte[] {(byte) i}), new byte[] {1}, layout.bucketOf(T0 + i * layout.bucketMs()));
        }
        store.close();
    }

    private static List<Long> entries(Path task, PendingPredictionLayout layout) {
        WindowStore<Bytes, byte[]> store = open(task, layout);
        List<Long> found = new ArrayList<>();
        try (KeyValueIterator<org.apache.kafka.streams.kstream.Windowed<Bytes>, byte[]> it = store.all()) {
            it.forEachRemaining(kv -> found.add(kv.key.window().start()));
        }
        store.close();
        return found;
    }

    private static WindowStore<Bytes, byte[]> open(Path task, PendingPredictionLayout layout) {
        try {
            Files.createDirectories(task);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties config = new Properties();
        config.put("application.id", "app");
        config.put("bootstrap.servers", "unused:9092");
        MockProcessorContext<String, String> context = new MockProcessorContext<>(config, new TaskId(2, 0), task.toFile());
        WindowStore<Bytes, byte[]> store = Stores.windowStoreBuilder(layout.supplier(STORE, true), Serdes.Bytes(),
            Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
