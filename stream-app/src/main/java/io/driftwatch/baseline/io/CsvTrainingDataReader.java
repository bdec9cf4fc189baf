package io.driftwatch.baseline.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CSV training data with a header row ({@link CsvRecordParser}: RFC 4180 quoting).
 *
 * <p>Column types are decided from the data in a first pass over the file: a column is
 * {@link ColumnType#NUMERIC} when every non-missing value in it is a number (decimal or scientific
 * notation, or NaN / Infinity, surrounding spaces allowed), {@link ColumnType#CATEGORICAL}
 * otherwise; a column with no value at all is numeric and contributes only missing counts. Explicit
 * overrides win. A field is missing when empty or equal to one of the configured missing texts. The
 * second pass delivers rows typed that way: numbers as {@link Double}, other text as
 * {@link String}, missing as null. A categorical column whose every value is {@code true} or {@code false}
 * in any case ({@code True}/{@code False} from pandas, {@code TRUE}/{@code FALSE} from R) is delivered as
 * {@link Boolean}s, which are profiled as {@code "true"}/{@code "false"} exactly as live events' booleans
 * are: kept as written, a pandas export would share no category with live traffic, and every window would
 * show drift. A column explicitly typed categorical is kept as written.
 * Malformed records (a wrong number of fields, broken quoting) and, in a column forced numeric, text
 * that is not a number are reported as {@link BadRowException}s naming line and column.
 */
public final class CsvTrainingDataReader implements TrainingDataReader {

    private static final Logger LOG = LoggerFactory.getLogger(CsvTrainingDataReader.class);
    private static final Pattern NUMBER = Pattern.compile(
        "[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?|nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    /** How the type pass saw a column. */
    private record ColumnTypes(ColumnType[] types, boolean[] booleans) {
    }

    private final Path file;
    private final String fileName;
    private final TrainingDataOptions options;
    private final List<String> header;
    private final ColumnType[] types;
    // Per column: categorical by inference, and every value true or false in some case; delivered as Booleans.
    private final boolean[] booleans;
    private final Map<String, ColumnType> columnTypes;
    private final CsvRecordParser parser;

    private CsvTrainingDataReader(Path file, TrainingDataOptions options, List<String> header, ColumnTypes inferred,
                                  CsvRecordParser parser) {
        this.file = file;
        this.fileName = file.getFileName().toString();
        this.options = options;
        this.header = header;
        this.types = inferred.types();
        this.booleans = inferred.booleans();
        this.parser = parser;
        Map<String, ColumnType> map = new LinkedHashMap<>();
        for (int i = 0; i < types.length; i++) {
            map.put(header.get(i), types[i]);
        }
        this.columnTypes = Collections.unmodifiableMap(map);
    }

    /**
     * Reads the header, decides the column types in a pass over the whole file, and positions the
     * reader at the first data row.
     *
     * @throws TrainingDataException when the file cannot be read, has no header, has blank or
     *                               duplicate column names, or an override names an unknown column
     */
    public static CsvTrainingDataReader open(Path file, TrainingDataOptions options) {
        String name = file.getFileName().toString();
        List<String> header;
        ColumnTypes types;
        try (CsvRecordParser scan = new CsvRecordParser(TrainingFiles.reader(file), options.delimiter())) {
            header = readHeader(scan, file);
            types = inferTypes(scan, header, options);
        } catch (IOException e) {
            throw TrainingFiles.unreadable(file, e);
        }
        for (String column : options.columnTypes().keySet()) {
            if (!header.contains(column)) {
                throw new TrainingDataException(name + ": column '" + column + "' has a type override but is not in the header "
                    + header + "; check its spelling");
            }
        }
        CsvRecordParser parser = new CsvRecordParser(TrainingFiles.reader(file), options.delimiter());
        try {
            parser.next(); // the header, read above
        } catch (IOException e) {
            throw TrainingFiles.unreadable(file, e);
        }
        return new CsvTrainingDataReader(file, options, header, types, parser);
    }

    private static List<String> readHeader(CsvRecordParser scan, Path file) throws IOException {
        String name = file.getFileName().toString();
        CsvRecordParser.CsvRecord first = scan.next();
        if (first == null) {
            throw new TrainingDataException(name + " is empty; a CSV training file needs a header row and data rows");
        }
        if (first.error() != null) {
            throw new TrainingDataException(name + ", line " + first.line() + " (the header): " + first.error());
        }
        List<String> header = new ArrayList<>(first.fields());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            if (column.isBlank()) {
                throw new TrainingDataException(name + ", line 1: column " + (i + 1) + " of the header has no name; "
                    + "name every column");
            }
            if (!seen.add(column)) {
                throw new TrainingDataException(name + ", line 1: column '" + column + "' appears twice in the header; "
                    + "give each column its own name");
            }
        }
        return header;
    }

    private static ColumnTypes inferTypes(CsvRecordParser scan, List<String> header, TrainingDataOptions options)
        throws IOException {
        int n = header.size();
        boolean[] nonNumeric = new boolean[n];
        boolean[] nonBoolean = new boolean[n];
        boolean[] seen = new boolean[n];
        CsvRecordParser.CsvRecord record;
        while ((record = scan.next()) != null) {
            // Malformed records are skipped here and reported by the reading pass.
            if (record.error() != null || record.fields().size() != n) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                String value = record.fields().get(i);
                if ((!nonNumeric[i] || !nonBoolean[i]) && !isMissing(value, options)) {
                    seen[i] = true;
                    String stripped = value.strip();
                    nonNumeric[i] |= !NUMBER.matcher(stripped).matches();
                    nonBoolean[i] |= booleanOf(stripped) == null;
                }
            }
        }
        ColumnType[] types = new ColumnType[n];
        boolean[] booleans = new boolean[n];
        for (int i = 0; i < n; i++) {
            ColumnType override = options.columnTypes().get(header.get(i));
            types[i] = override != null ? override : nonNumeric[i] ? ColumnType.CATEGORICAL : ColumnType.NUMERIC;
            booleans[i] = override == null && seen[i] && !nonBoolean[i];
            if (booleans[i]) {
                LOG.info("Column '{}' of the training data holds only true and false: profiled as booleans, 'true' and"
                    + " 'false', as live events' booleans are (type it categorical to keep its values as written)",
                    header.get(i));
            }
            if (!seen[i] && override == null) {
                LOG.warn("Column '{}' of the training data has no values; it contributes only missing counts", header.get(i));
            }
        }
        return new ColumnTypes(types, booleans);
    }

    /** {@code true} or {@code false} in any case as a Boolean, anything else null. */
    private static Boolean booleanOf(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        return text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
    }

    private static boolean isMissing(String value, TrainingDataOptions options) {
        return value.isEmpty() || options.missingValues().contains(value);
    }

    /** Parses a number as the type pass accepts it, or returns null. */
    static Double parseNumber(String text) {
        String s = text.strip();
        if (!NUMBER.matcher(s).matches()) {
            return null;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.endsWith("nan")) {
            return Double.NaN;
        }
        if (lower.endsWith("inf") || lower.endsWith("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(s);
    }

    @Override
    public TrainingRow next() throws BadRowException {
        CsvRecordParser.CsvRecord record;
        try {
            record = parser.next();
        } catch (IOException e) {
            throw TrainingFiles.unreadable(file, e);
        }
        if (record == null) {
            return null;
        }
        String position = "line " + record.line();
        if (record.error() != null) {
            throw new BadRowException(fileName, position, null, record.error());
        }
        List<String> fields = record.fields();
        if (fields.size() != header.size()) {
            throw new BadRowException(fileName, position, null, "expected " + header.size()
                + " fields as in the header, found " + fields.size() + "; quote fields that contain '"
                + options.delimiter() + "'");
        }
        Map<String, Object> columns = new LinkedHashMap<>(header.size() * 2);
        for (int i = 0; i < fields.size(); i++) {
            String text = fields.get(i);
            Object value;
            if (types[i] == ColumnType.IGNORED) {
                continue;
            } else if (isMissing(text, options)) {
                value = null;
            } else if (types[i] == ColumnType.NUMERIC) {
                value = parseNumber(text);
                if (value == null) {
                    throw new BadRowException(fileName, position, header.get(i), "'" + text
                        + "' is not a number, but the column is numeric; fix the value, list it as a missing value, "
                        + "or make the column categorical");
                }
            } else if (booleans[i]) {
                value = booleanOf(text.strip());
            } else {
                value = text;
            }
            columns.put(header.get(i), value);
        }
        return new TrainingRow(position, columns, null, null, false);
    }

    @Override
    public Map<String, ColumnType> columnTypes() {
        return columnTypes;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
