package io.driftwatch.alerting;

import java.util.Objects;

/**
 * Selects segments by attribute, and optionally by value: {@code region} matches every segment of
 * the attribute {@code region} (the per-attribute fairness figures and each of its groups);
 * {@code region=eu-*} only the groups whose value matches. Both halves are {@link Glob}s.
 *
 * <p>Observations name their segment as {@code attribute} (fairness figures) or
 * {@code attribute=value} (per-group figures); the first {@code =} separates the two.
 *
 * @param attribute glob over the attribute name
 * @param value     glob over the group value, or null to match any group and the attribute itself
 */
public record SegmentSelector(Glob attribute, Glob value) {

    public SegmentSelector {
        Objects.requireNonNull(attribute, "attribute");
    }

    /** Parses {@code attribute} or {@code attribute=value}; both parts must be non-empty. */
    public static SegmentSelector parse(String text) {
        Objects.requireNonNull(text, "segment selector");
        int eq = text.indexOf('=');
        if (eq < 0) {
            return new SegmentSelector(Glob.of(text), null);
        }
        String attribute = text.substring(0, eq);
        String value = text.substring(eq + 1);
        if (attribute.isEmpty() || value.isEmpty()) {
            throw new IllegalArgumentException("segment selector '" + text
                    + "' needs an attribute and a value on either side of '=', e.g. 'region=eu' or 'region=*'");
        }
        return new SegmentSelector(Glob.of(attribute), Glob.of(value));
    }

    /** Whether an observation's segment ({@code attribute} or {@code attribute=value}) is selected. */
    public boolean matches(String segment) {
        if (segment == null) {
            return false;
        }
        int eq = segment.indexOf('=');
        if (eq < 0) {
            return value == null && attribute.matches(segment);
        }
        return attribute.matches(segment.substring(0, eq))
                && (value == null || value.matches(segment.substring(eq + 1)));
    }

    /** True when the selector names a group value and so cannot match per-attribute figures. */
    public boolean selectsGroups() {
        return value != null;
    }

    /** The selector as written in a rules file. */
    public String text() {
        return value == null ? attribute.text() : attribute.text() + "=" + value.text();
    }

    @Override
    public String toString() {
        return text();
    }
}
