package io.driftwatch.baseline.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The committed sample files and the reference values {@code make_expected.py} computed from them. */
final class Expected {

    private static final JsonNode VALUES = load();

    private Expected() {
    }

    private static JsonNode load() {
        try (InputStream in = Expected.class.getResourceAsStream("/baseline/expected.json")) {
            if (in == null) {
                throw new IllegalStateException("baseline/expected.json missing; run make_expected.py in src/test/resources/baseline");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode of(String file) {
        return VALUES.get(file);
    }

    static Path file(String name) {
        try {
            return Path.of(Expected.class.getResource("/baseline/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
