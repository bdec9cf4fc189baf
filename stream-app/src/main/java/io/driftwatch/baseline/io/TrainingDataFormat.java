package io.driftwatch.baseline.io;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats {@code driftwatch baseline create} reads. */
public enum TrainingDataFormat {
    /** Comma-separated values with a header row (RFC 4180), optionally gzip-compressed. */
    CSV,
    /** One JSON object per line, optionally gzip-compressed. */
    JSON_LINES,
    /** An Avro object container file. */
    AVRO;

    /**
     * The format a file name implies: {@code .csv}, {@code .jsonl} or {@code .ndjson} (each also
     * with {@code .gz}), {@code .avro}.
     *
     * @throws TrainingDataException for any other name
     */
    public static TrainingDataFormat fromFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String base = isGzip(file) ? name.substring(0, name.length() - 3) : name;
        if (base.endsWith(".csv")) {
            return CSV;
        }
        if (base.endsWith(".jsonl") || base.endsWith(".ndjson")) {
            return JSON_LINES;
        }
        if (name.endsWith(".avro")) {
            return AVRO;
        }
        throw new TrainingDataException("Cannot tell the format of " + file + " from its name; name it .csv, .jsonl, "
            + ".ndjson (optionally .gz) or .avro, or give the format explicitly (csv, jsonl, avro)");
    }

    /** Parses {@code csv}, {@code jsonl}/{@code ndjson}/{@code json-lines}, or {@code avro}, any case. */
    public static TrainingDataFormat parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "csv" -> CSV;
            case "jsonl", "ndjson", "json-lines" -> JSON_LINES;
            case "avro" -> AVRO;
            default -> throw new IllegalArgumentException("Unknown training data format '" + text + "'; use csv, jsonl or avro");
        };
    }

    static boolean isGzip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }
}
