package io.driftwatch.alerting;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a rule compares an observed value with its threshold. The symbol is what rules files and
 * the {@code comparator} field of an alert carry; the word forms ({@code gt}, {@code ge}, ...) are
 * accepted in rules files because a bare {@code >} starts a block scalar in YAML.
 *
 * <p>A NaN observation never breaches: every comparison with NaN is false, and {@code !=} is
 * defined here as "not equal and not NaN" for the same reason.
 */
public enum ComparisonOperator {
    GREATER(">", "gt", ">") {
        @Override
        public boolean test(double observed, double threshold) {
            return observed > threshold;
        }
    },
    GREATER_OR_EQUAL(">=", "ge", "\u2265") {
        @Override
        public boolean test(double observed, double threshold) {
            return observed >= threshold;
        }
    },
    LESS("<", "lt", "<") {
        @Override
        public boolean test(double observed, double threshold) {
            return observed < threshold;
        }
    },
    LESS_OR_EQUAL("<=", "le", "\u2264") {
        @Override
        public boolean test(double observed, double threshold) {
            return observed <= threshold;
        }
    },
    EQUAL("==", "eq", "=") {
        @Override
        public boolean test(double observed, double threshold) {
            return observed == threshold;
        }
    },
    NOT_EQUAL("!=", "ne", "\u2260") {
        @Override
        public boolean test(double observed, double threshold) {
            return !Double.isNaN(observed) && observed != threshold;
        }
    };

    private final String symbol;
    private final String word;
    private final String display;

    ComparisonOperator(String symbol, String word, String display) {
        this.symbol = symbol;
        this.word = word;
        this.display = display;
    }

    /** Whether {@code observed} breaches {@code threshold} under this comparison. */
    public abstract boolean test(double observed, double threshold);

    /** Whether values above the threshold breach: {@code >} and {@code >=}. */
    public boolean breachesAbove() {
        return this == GREATER || this == GREATER_OR_EQUAL;
    }

    /** Whether values below the threshold breach: {@code <} and {@code <=}. */
    public boolean breachesBelow() {
        return this == LESS || this == LESS_OR_EQUAL;
    }

    /** The ASCII symbol: {@code >}, {@code >=}, {@code <}, {@code <=}, {@code ==} or {@code !=}. */
    public String symbol() {
        return symbol;
    }

    /** The typographic form used in readable summaries, e.g. {@code ≥}. */
    public String display() {
        return display;
    }

    /** Parses a symbol or its word form ({@code gt ge lt le eq ne}), ignoring surrounding blanks. */
    public static Optional<ComparisonOperator> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(op -> op.symbol.equals(trimmed) || op.word.equals(trimmed))
                .findFirst();
    }

    /** The accepted symbols, for error messages: {@code >, >=, <, <=, ==, !=}. */
    public static String symbols() {
        return Arrays.stream(values()).map(ComparisonOperator::symbol).collect(Collectors.joining(", "));
    }
}
