package io.driftwatch.alerting;

/**
 * One problem found in a rules file, with the line it is on and how to fix it.
 *
 * @param source  the file's name as given to the parser, e.g. {@code rules.yaml}
 * @param line    1-based line number, or 0 when the problem concerns the whole file
 * @param kind    {@link Kind#ERROR} stops the file from loading; {@link Kind#WARNING} does not
 * @param message what is wrong and how to fix it
 */
public record RuleProblem(String source, int line, Kind kind, String message) {

    /** How serious a problem is. */
    public enum Kind {
        ERROR,
        WARNING
    }

    /** E.g. {@code rules.yaml line 12: unknown comparator '=>' for rule 'psi-warning'; use one of ...}. */
    @Override
    public String toString() {
        String where = line > 0 ? source + " line " + line : source;
        return where + ": " + (kind == Kind.WARNING ? "warning: " : "") + message;
    }
}
