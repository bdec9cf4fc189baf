package io.driftwatch.baseline.io;

/** Class labels from values of any type, written the way labels are compared. */
final class Labels {

    private Labels() {
    }

    /**
     * A number as a label: whole numbers without a decimal point ("1", not "1.0", so they match
     * the configured positive label), others as {@link Double#toString}.
     */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** A value of a label column as a label, or null when missing. */
    static String of(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Double d) {
            return format(d);
        }
        return value.toString();
    }
}
