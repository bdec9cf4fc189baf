package io.driftwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A directory the bench wrote for a while (its work directory, a driver's state), removed with all it holds. */
public final class DirectoryTree {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryTree.class);

    private DirectoryTree() {
    }

    /** Deletes {@code dir} and everything in it; what cannot be deleted is logged and left, as a bench run goes on. */
    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
