package io.driftwatch.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells whether a hot-reloaded file (rules, comparisons) changed on disk since it was last read, by
 * its modification time and size: cheap enough to ask at every window, with no watcher thread.
 */
public final class FileChanges {

    private final Path file;
    private long lastModified = Long.MIN_VALUE;
    private long lastSize = -1;

    public FileChanges(Path file) {
        this.file = file;
    }

    /** True when the file differs from what {@link #remember()} saw; false when it cannot be read now. */
    public boolean changedOnDisk() {
        try {
            return Files.getLastModifiedTime(file).toMillis() != lastModified || Files.size(file) != lastSize;
        } catch (IOException e) {
            return false;
        }
    }

    /** Records the file as it is now, before it is read. */
    public void remember() {
        try {
            lastModified = Files.getLastModifiedTime(file).toMillis();
            lastSize = Files.size(file);
        } catch (IOException e) {
            lastModified = Long.MIN_VALUE;
        }
    }
}
