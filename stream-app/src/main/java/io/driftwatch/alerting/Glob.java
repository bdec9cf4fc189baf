package io.driftwatch.alerting;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A shell-style pattern over a whole name: {@code *} matches any run of characters (also none),
 * {@code ?} exactly one, every other character itself (case-sensitive). Used by rule selectors
 * for model ids, feature names and segments. Two globs are equal when their text is.
 */
public final class Glob {

    private static final Glob ANY = new Glob("*");

    private final String text;
    private final Pattern pattern;

    private Glob(String text) {
        this.text = text;
        this.pattern = "*".equals(text) ? null : Pattern.compile(toRegex(text));
    }

    /** The glob for {@code text}; must not be empty. */
    public static Glob of(String text) {
        Objects.requireNonNull(text, "glob text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty glob; use '*' to match everything");
        }
        return "*".equals(text) ? ANY : new Glob(text);
    }

    /** The glob that matches every name. */
    public static Glob any() {
        return ANY;
    }

    /** Whether the whole of {@code name} matches; a null name never matches. */
    public boolean matches(String name) {
        if (name == null) {
            return false;
        }
        return pattern == null || pattern.matcher(name).matches();
    }

    /** True for {@code *}. */
    public boolean matchesEverything() {
        return pattern == null;
    }

    /** The glob as written. */
    public String text() {
        return text;
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder(glob.length() + 8);
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return regex.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Glob glob && glob.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
