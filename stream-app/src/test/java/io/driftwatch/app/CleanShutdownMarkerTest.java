package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanShutdownMarkerTest {

    @TempDir
    Path stateDir;
    private Path app;

    @BeforeEach
    void crashedRun() throws Exception {
        app = stateDir.resolve("driftwatch");
        for (String task : new String[] {"0_0", "1_3"}) {
            Files.createDirectories(app.resolve(task).resolve("rocksdb").resolve("partial-windows"));
            Files.writeString(app.resolve(task).resolve("rocksdb").resolve("partial-windows").resolve("000001.sst"), "x");
        }
        Files.createDirectories(app.resolve("global").resolve("rocksdb"));
        Files.writeString(app.resolve("kafka-streams-process-metadata"), "{}");
    }

    @Test
    void afterACrashUnderExactlyOnceTheTaskDirectoriesAreRemovedAndNothingElse() {
        var removed = CleanShutdownMarker.of(stateDir, "driftwatch").discardStateOfUncleanStop(true);

        assertThat(removed).containsExactly(app.resolve("0_0"), app.resolve("1_3"));
        assertThat(app.resolve("0_0")).doesNotExist();
        assertThat(app.resolve("1_3")).doesNotExist();
        assertThat(app.resolve("global").resolve("rocksdb")).isDirectory();
        assertThat(app.resolve("kafka-streams-process-metadata")).exists();
    }

    @Test
    void afterACleanStopTheStateIsKeptAndTheMarkerConsumed() {
        CleanShutdownMarker marker = CleanShutdownMarker.of(stateDir, "driftwatch");
        marker.markClean();

        assertThat(marker.discardStateOfUncleanStop(true)).isEmpty();
        assertThat(app.resolve("0_0").resolve("rocksdb")).isDirectory();
        assertThat(app.resolve(CleanShutdownMarker.FILE_NAME)).doesNotExist();
        // The marker counts for one start only: a crash after it must be noticed.
        assertThat(marker.discardStateOfUncleanStop(true)).hasSize(2);
    }

    @Test
    void atLeastOnceKeepsTheStateOfACrashedRun() {
        assertThat(CleanShutdownMarker.of(stateDir, "driftwatch").discardStateOfUncleanStop(false)).isEmpty();
        assertThat(app.resolve("0_0").resolve("rocksdb")).isDirectory();
    }

    @Test
    void aStateDirectoryLockedByAnotherUserIsLeftAlone() throws Exception {
        try (FileChannel channel = FileChannel.open(app.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            assertThat(CleanShutdownMarker.of(stateDir, "driftwatch").discardStateOfUncleanStop(true)).isEmpty();
        }
        assertThat(app.resolve("1_3").resolve("rocksdb")).isDirectory();
    }

    @Test
    void aFirstStartHasNothingToRemove() {
        assertThat(CleanShutdownMarker.of(stateDir, "other-app").discardStateOfUncleanStop(true)).isEmpty();
    }
}
