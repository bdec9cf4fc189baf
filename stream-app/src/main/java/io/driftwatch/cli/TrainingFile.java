package io.driftwatch.cli;

import io.driftwatch.baseline.io.TrainingDataException;
import io.driftwatch.baseline.io.TrainingDataFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What can be told of a training file before reading it: that it exists, can be read, and — for CSV
 * and JSON lines — is text at all. A binary file read as CSV was reported as a row with the wrong
 * number of fields, which sends a user looking for a delimiter problem.
 */
final class TrainingFile {

    static final int SNIFF = 8192;

    private TrainingFile() {
    }

    static void check(Path file, String format) {
        if (!Files.exists(file)) {
            throw new TrainingDataException(file + " does not exist; give --from the path of a .csv, .jsonl or .avro file.");
        }
        if (Files.isDirectory(file)) {
            throw new TrainingDataException(file + " is a directory; give --from one .csv, .jsonl or .avro file.");
        }
        if (!Files.isReadable(file)) {
            throw new TrainingDataException(file + " cannot be read (permission denied).");
        }
        TrainingDataFormat kind = format != null ? TrainingDataFormat.parse(format) : TrainingDataFormat.fromFileName(file);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (kind == TrainingDataFormat.AVRO || name.endsWith(".gz")) {
            return;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF);
        } catch (IOException e) {
            throw new TrainingDataException(file + " cannot be read (" + e.getMessage() + ").", e);
        }
        if (!isText(head)) {
            throw new TrainingDataException(file + " is not a text file; " + (kind == TrainingDataFormat.CSV
                ? "a CSV training file is UTF-8 text with a header row and data rows."
                : "a JSON lines training file is UTF-8 text with one JSON object per line."));
        }
    }

    /** No NUL byte and valid UTF-8, except possibly a character cut at the end of the sample. */
    static boolean isText(byte[] head) {
        for (byte b : head) {
            if (b == 0) {
                return false;
            }
        }
        // A multi-byte character may straddle the end of a full sample: decoded as input that goes on, its
        // first bytes are left over (underflow), not an error. Trimming bytes instead could cut a whole
        // character in two.
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(head.length);
        java.nio.charset.CoderResult result = decoder.decode(ByteBuffer.wrap(head), out, head.length < SNIFF);
        return !result.isError() && (head.length == SNIFF || !decoder.flush(out).isError());
    }
}
