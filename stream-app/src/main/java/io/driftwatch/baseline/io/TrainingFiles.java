package io.driftwatch.baseline.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening training files: UTF-8 text, gunzipped when the name ends in .gz, and one message for read failures. */
final class TrainingFiles {

    private static final int BUFFER = 64 * 1024;

    private TrainingFiles() {
    }

    static Reader reader(Path file) {
        return new InputStreamReader(stream(file), StandardCharsets.UTF_8);
    }

    static InputStream stream(Path file) {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (!TrainingDataFormat.isGzip(file)) {
            return new BufferedInputStream(in, BUFFER);
        }
        try {
            return new GZIPInputStream(in, BUFFER);
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw unreadable(file, e);
        }
    }

    static TrainingDataException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new TrainingDataException("Training data file " + file + " does not exist", e);
        }
        return new TrainingDataException("Cannot read training data file " + file + ": " + e, e);
    }
}
