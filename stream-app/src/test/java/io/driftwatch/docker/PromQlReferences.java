package io.driftwatch.docker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PromQL expression refers to: the metrics it selects (with the labels its matchers name),
 * the labels of its grouping and matching clauses, and the Grafana variables in it.
 *
 * <p>A reader for checks, not a parser: it knows where names hide (string literals, label matchers,
 * ranges and subqueries, {@code by}/{@code without}/{@code on}/{@code ignoring}/{@code group_*}
 * clauses, function calls, numbers and durations). Whether an expression is valid PromQL is
 * promtool's job.
 *
 * @param selectors      every vector selector, in order
 * @param groupingLabels labels named in grouping and vector-matching clauses
 * @param variables      Grafana variables ({@code $name}, {@code ${name}}, {@code [[name]]}) anywhere
 */
record PromQlReferences(List<Selector> selectors, Set<String> groupingLabels, Set<String> variables) {

    /**
     * One vector selector.
     *
     * @param metric        the metric name (from before the braces or from a {@code __name__} matcher)
     * @param matcherLabels labels its matchers constrain, {@code __name__} excluded
     */
    record Selector(String metric, Set<String> matcherLabels) {}

    private static final Set<String> GROUPING_KEYWORDS =
        Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS =
        Set.of("and", "or", "unless", "offset", "bool", "inf", "nan", "atan2");
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
        "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Pattern MATCHER = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)(?::[^\\]]*)?]]");

    /** The names used by all selectors. */
    Set<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        selectors.forEach(s -> names.add(s.metric()));
        return names;
    }

    static PromQlReferences of(String expr) {
        Reader reader = new Reader(expr);
        reader.read();
        return new PromQlReferences(List.copyOf(reader.selectors), Set.copyOf(reader.grouping), Set.copyOf(reader.variables));
    }

    private static final class Reader {
        private final String s;
        private int i;
        private final List<Selector> selectors = new ArrayList<>();
        private final Set<String> grouping = new LinkedHashSet<>();
        private final Set<String> variables = new LinkedHashSet<>();

        Reader(String s) {
            this.s = s;
        }

        void read() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '"' || c == '\'' || c == '`') {
                    collectVariables(readString());
                } else if (c == '#') {
                    while (i < s.length() && s.charAt(i) != '\n') {
                        i++;
                    }
                } else if (c == '$') {
                    int start = i;
                    i++;
                    if (i < s.length() && s.charAt(i) == '{') {
                        i = s.indexOf('}', i) < 0 ? s.length() : s.indexOf('}', i) + 1;
                    } else {
                        while (i < s.length() && isIdentifierPart(s.charAt(i))) {
                            i++;
                        }
                    }
                    collectVariables(s.substring(start, i));
                } else if (c == '{') {
                    readSelector(null);
                } else if (c == '[') {
                    int end = closing('[', ']');
                    collectVariables(s.substring(i, end));
                    i = end;
                } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                    skipNumberOrDuration();
                } else if (Character.isLetter(c) || c == '_' || c == ':') {
                    readIdentifier();
                } else {
                    i++;
                }
            }
        }

        private void readIdentifier() {
            int start = i;
            while (i < s.length() && isIdentifierPart(s.charAt(i))) {
                i++;
            }
            String name = s.substring(start, i);
            String lower = name.toLowerCase(Locale.ROOT);
            int next = skipSpaces(i);
            boolean call = next < s.length() && s.charAt(next) == '(';
            if (GROUPING_KEYWORDS.contains(lower)) {
                if (call) {
                    i = next;
                    int end = closing('(', ')');
                    for (String label : s.substring(i + 1, end - 1).split(",")) {
                        if (!label.isBlank()) {
                            grouping.add(label.trim());
                        }
                    }
                    i = end;
                }
            } else if (KEYWORDS.contains(lower) || AGGREGATIONS.contains(lower) || call) {
                // an operator, an aggregation or a function: not a metric
            } else if (next < s.length() && s.charAt(next) == '{') {
                i = next;
                readSelector(name);
            } else {
                selectors.add(new Selector(name, Set.of()));
            }
        }

        private void readSelector(String name) {
            int end = closing('{', '}');
            String body = s.substring(i + 1, end - 1);
            String metric = name;
            Set<String> labels = new LinkedHashSet<>();
            Matcher m = MATCHER.matcher(body);
            while (m.find()) {
                String value = m.group(3).substring(1, m.group(3).length() - 1);
                collectVariables(value);
                if (m.group(1).equals("__name__")) {
                    if (m.group(2).equals("=")) {
                        metric = value;
                    }
                } else {
                    labels.add(m.group(1));
                }
            }
            if (metric == null) {
                throw new IllegalArgumentException("A selector without a metric name (no name, no __name__=\"...\") in: " + s);
            }
            selectors.add(new Selector(metric, Set.copyOf(labels)));
            i = end;
        }

        /** Index after the bracket that closes the one at {@code i}, skipping string literals. */
        private int closing(char open, char close) {
            int depth = 0;
            int j = i;
            while (j < s.length()) {
                char c = s.charAt(j);
                if (c == '"' || c == '\'' || c == '`') {
                    int save = i;
                    i = j;
                    readString();
                    j = i;
                    i = save;
                    continue;
                }
                if (c == open) {
                    depth++;
                } else if (c == close && --depth == 0) {
                    return j + 1;
                }
                j++;
            }
            throw new IllegalArgumentException("Unclosed '" + open + "' at " + i + " in: " + s);
        }

        /** Reads the string literal at {@code i}; returns its content. */
        private String readString() {
            char quote = s.charAt(i);
            StringBuilder content = new StringBuilder();
            i++;
            while (i < s.length() && s.charAt(i) != quote) {
                if (s.charAt(i) == '\\' && quote != '`' && i + 1 < s.length()) {
                    content.append(s.charAt(i + 1));
                    i += 2;
                } else {
                    content.append(s.charAt(i++));
                }
            }
            if (i >= s.length()) {
                throw new IllegalArgumentException("Unclosed string literal in: " + s);
            }
            i++;
            return content.toString();
        }

        private void skipNumberOrDuration() {
            char previous = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                boolean exponentSign = (c == '+' || c == '-') && (previous == 'e' || previous == 'E');
                if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || exponentSign)) {
                    break;
                }
                previous = c;
                i++;
            }
        }

        private void collectVariables(String text) {
            Matcher m = VARIABLE.matcher(text);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                // $1, $2: regex back-references in label_replace, not variables
                if (!name.chars().allMatch(Character::isDigit)) {
                    variables.add(name);
                }
            }
        }

        private int skipSpaces(int from) {
            int j = from;
            while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
                j++;
            }
            return j;
        }

        private static boolean isIdentifierPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == ':';
        }
    }
}
