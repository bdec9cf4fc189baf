package io.driftwatch.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root folder, found from the working directory (surefire runs in the module folder). */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    /**
     * The nearest folder at or above the working directory that holds {@code docker/docker-compose.yml},
     * symbolic links resolved (as in the absolute paths the tools print).
     */
    static Path find() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker").resolve("docker-compose.yml"))) {
                try {
                    return dir.toRealPath();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot resolve " + dir, e);
                }
            }
        }
        throw new IllegalStateException("No docker/docker-compose.yml in " + start + " or any folder above it;"
            + " run the tests from inside the Driftwatch repository.");
    }
}
