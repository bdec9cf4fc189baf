package io.driftwatch.baseline.io;

import java.io.Closeable;

/** Reads the rows of one training data file, in order. */
public interface TrainingDataReader extends Closeable {

    /**
     * The next row, or null at the end of the file.
     *
     * @throws BadRowException when this row cannot be used; the next call reads the row after it
     * @throws TrainingDataException when the file cannot be read on
     */
    TrainingRow next() throws BadRowException;

    /** Columns with the type the reader gave them (CSV: decided from the data), in file order; empty for self-typed formats. */
    default java.util.Map<String, ColumnType> columnTypes() {
        return java.util.Map.of();
    }

    @Override
    void close();
}
