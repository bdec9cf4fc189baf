package io.driftwatch.alerting;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers and versions as every alert's summary line shows them, window rules' and comparison rules' alike. */
public final class SummaryText {

    private SummaryText() {
    }

    /**
     * Whole numbers as they are, others with four significant digits, very small or very large ones in scientific
     * notation. The exact values are in the alert's fields.
     */
    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        double abs = Math.abs(value);
        if (abs >= 1e-4 && abs < 1e7) {
            return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", value);
    }

    /** A numeric version with a "v" before it ("v3", "v1.4"), any other as it is ("2024.06-rc"). */
    public static String version(String version) {
        return version.matches("\\d+(\\.\\d+)*") ? "v" + version : version;
    }
}
