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

    /**
     * The file as UTF-8 text, without the byte order mark that spreadsheet programs write first: it is not
     * part of the first field (a quoted CSV header, a JSON object).
     */
    static Reader reader(Path file) {
        java.io.PushbackReader in = new java.io.PushbackReader(new InputStreamReader(stream(file), StandardCharsets.UTF_8), 1);
        try {
            int first = in.read();
            if (first != -1 && first != '\uFEFF') {
                in.unread(first);
            }
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the read failure is the one to report
            }
            throw unreadable(file, e);
        }
        return in;
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
