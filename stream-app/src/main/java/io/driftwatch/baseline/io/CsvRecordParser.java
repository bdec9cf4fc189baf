package io.driftwatch.baseline.io;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records by RFC 4180: fields separated by the delimiter, records by CRLF,
 * LF or CR; a field in double quotes may hold delimiters, line breaks and doubled quotes ("")
 * standing for one. Stricter than many readers on purpose: a quote inside an unquoted field, or
 * anything but a delimiter or line break after a closing quote, makes the record malformed (the
 * rest of its line is skipped and reading goes on with the next line). Lines with no characters
 * at all are skipped. Records keep the line they start on, for messages.
 */
final class CsvRecordParser implements AutoCloseable {

    /**
     * One record.
     *
     * @param line   the line it starts on (1-based)
     * @param fields its fields (partial when malformed)
     * @param error  why it is malformed, or null
     */
    record CsvRecord(long line, List<String> fields, String error) {}

    private static final int EOF = -1;

    private final Reader reader;
    private final char delimiter;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long line = 1;
    private int pushedBack = -2;

    CsvRecordParser(Reader reader, char delimiter) {
        this.reader = reader;
        this.delimiter = delimiter;
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        if (position == limit) {
            limit = reader.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return EOF;
            }
        }
        return buffer[position++];
    }

    private void unread(int c) {
        pushedBack = c;
    }

    /** Consumes a line break whose first character {@code c} was read; CRLF counts once. */
    private void endOfLine(int c) throws IOException {
        if (c == '\r') {
            int next = read();
            if (next != '\n') {
                unread(next);
            }
        }
        line++;
    }

    /** The next record, or null at the end of the input. */
    CsvRecord next() throws IOException {
        while (true) {
            int c = read();
            if (c == EOF) {
                return null;
            }
            if (c == '\r' || c == '\n') {
                endOfLine(c);
                continue; // an empty line
            }
            unread(c);
            return record();
        }
    }

    private CsvRecord record() throws IOException {
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            int c = read();
            if (c == '"') {
                long quoteLine = line;
                while (true) {
                    c = read();
                    if (c == EOF) {
                        fields.add(field.toString());
                        return new CsvRecord(start, fields, "the quoted field " + (fields.size())
                            + " opened on line " + quoteLine + " is not closed before the end of the file");
                    }
                    if (c == '"') {
                        int next = read();
                        if (next == '"') {
                            field.append('"');
                            continue;
                        }
                        c = next;
                        break;
                    }
                    if (c == '\r' || c == '\n') {
                        if (c == '\r') {
                            int next = read();
                            if (next == '\n') {
                                field.append('\r');
                                c = next;
                            } else {
                                unread(next);
                            }
                        }
                        line++;
                    }
                    field.append((char) c);
                }
                // After a closing quote: a delimiter, a line break or the end.
                if (c != delimiter && c != '\r' && c != '\n' && c != EOF) {
                    fields.add(field.toString());
                    String error = "unexpected '" + (char) c + "' after the closing quote of field " + fields.size()
                        + "; a quoted field must end at a delimiter or line end (write a quote inside it as \"\")";
                    skipRestOfLine(c);
                    return new CsvRecord(start, fields, error);
                }
            } else {
                while (c != delimiter && c != '\r' && c != '\n' && c != EOF) {
                    if (c == '"') {
                        fields.add(field.toString());
                        String error = "a quote inside unquoted field " + fields.size()
                            + "; put the whole field in quotes and double the quote inside (\"\")";
                        skipRestOfLine(c);
                        return new CsvRecord(start, fields, error);
                    }
                    field.append((char) c);
                    c = read();
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (c == delimiter) {
                continue;
            }
            if (c != EOF) {
                endOfLine(c);
            }
            return new CsvRecord(start, fields, null);
        }
    }

    private void skipRestOfLine(int c) throws IOException {
        while (c != '\r' && c != '\n' && c != EOF) {
            c = read();
        }
        if (c != EOF) {
            endOfLine(c);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
