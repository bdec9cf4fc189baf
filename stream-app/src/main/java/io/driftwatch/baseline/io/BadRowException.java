package io.driftwatch.baseline.io;

/**
 * One row of training data that cannot be used, with where it is: file, line (or record) and,
 * when one column is at fault, the column. The profiler skips such rows up to the configured
 * number and fails on the next.
 */
public final class BadRowException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String position;
    private final String column;
    private final String reason;

    /**
     * @param file     the file's name
     * @param position where the row is, e.g. "line 17" or "record 3"
     * @param column   the column at fault, or null
     * @param reason   what is wrong and, where it helps, how to fix it
     */
    public BadRowException(String file, String position, String column, String reason) {
        super(file + ", " + position + (column == null ? "" : ", column '" + column + "'") + ": " + reason);
        this.file = file;
        this.position = position;
        this.column = column;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public String position() {
        return position;
    }

    /** The column at fault, or null when the row as a whole is. */
    public String column() {
        return column;
    }

    public String reason() {
        return reason;
    }
}
