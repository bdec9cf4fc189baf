package io.driftwatch.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.driftwatch.schemas.Severity;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads and validates one rules file, collecting every problem with its line. One instance per
 * file; {@link RulesFile} is the public entry point.
 */
final class RulesFileReader {

    /** The result: a rule set when there are no errors, and every problem found. */
    record Result(RuleSet ruleSet, List<RuleProblem> problems) {
        List<RuleProblem> errors() {
            return problems.stream().filter(p -> p.kind() == RuleProblem.Kind.ERROR).toList();
        }
    }

    private static final Set<String> TOP_KEYS = Set.of("version", "false_alarm_target", "rules");
    private static final Set<String> TARGET_KEYS = Set.of("windows_between_false_alerts", "correction", "resolve_level");
    private static final List<String> RULE_KEYS = List.of("name", "description", "metric", "model", "feature",
            "segment", "comparator", "threshold", "severity", "for", "resolve_after", "resolve_threshold", "min_samples", "labels",
            "runbook_url");
    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");
    // Prometheus label names; names starting with "__" are reserved for Prometheus' own use.
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final String source;
    private final List<RuleProblem> problems = new ArrayList<>();
    private YamlLocations locations;

    RulesFileReader(String source) {
        this.source = source;
    }

    Result read(String text) {
        YAMLFactory factory = new YAMLFactory();
        JsonNode root;
        try {
            locations = YamlLocations.scan(factory, text);
            root = new YAMLMapper(factory).readTree(text);
        } catch (JsonProcessingException e) {
            syntaxError(e, text);
            return result(null);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail with I/O", e);
        }
        for (YamlLocations.DuplicateKey duplicate : locations.duplicates()) {
            problems.add(new RuleProblem(source, duplicate.line(), RuleProblem.Kind.ERROR, "key '" + duplicate.key()
                    + "' is written twice in the same mapping (first on line " + duplicate.firstLine()
                    + "); keep one of them"));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            problems.add(new RuleProblem(source, 0, RuleProblem.Kind.ERROR,
                    "the file is empty; it needs a top-level 'rules:' list (see docs/alerting.md)"));
            return result(null);
        }
        if (!root.isObject()) {
            error("", "the file must be a mapping with a top-level 'rules:' list, not a " + kindOf(root));
            return result(null);
        }
        unknownKeys(root, "", TOP_KEYS, null);
        JsonNode version = root.get("version");
        if (version != null && !(version.isIntegralNumber() && version.intValue() == 1)) {
            error("/version", "unsupported version " + version + "; this Driftwatch reads version 1 (write 'version: 1')");
        }
        SignificancePolicy policy = root.has("false_alarm_target") ? target(root.get("false_alarm_target")) : null;
        List<Rule> rules = rules(root.get("rules"));
        boolean failed = problems.stream().anyMatch(p -> p.kind() == RuleProblem.Kind.ERROR);
        return result(failed ? null : new RuleSet(rules, policy));
    }

    private Result result(RuleSet ruleSet) {
        List<RuleProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(RuleProblem::line));
        return new Result(ruleSet, List.copyOf(sorted));
    }

    private void syntaxError(JsonProcessingException e, String text) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        String problem = e.getOriginalMessage();
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked
                && marked.getProblemMark() != null) {
            line = marked.getProblemMark().getLine() + 1;
            problem = marked.getProblem();
        }
        String hint = "check the indentation and quoting on that line";
        String lineText = line > 0 ? lineText(text, line) : "";
        if (lineText.contains("comparator")) {
            hint = "quote comparators, e.g. comparator: \">=\" (a bare '>' starts a YAML block scalar), or write gt, ge, lt, le, eq, ne";
        } else if (lineText.contains("\t")) {
            hint = "YAML does not allow tabs for indentation; use spaces";
        }
        problems.add(new RuleProblem(source, line, RuleProblem.Kind.ERROR,
                "not valid YAML: " + problem.strip().replaceAll("\\s+", " ") + "; " + hint));
    }

    private static String lineText(String text, int line) {
        String[] lines = text.split("\n", -1);
        return line <= lines.length ? lines[line - 1] : "";
    }

    private SignificancePolicy target(JsonNode node) {
        String at = "/false_alarm_target";
        if (!node.isObject()) {
            error(at, "false_alarm_target must be a mapping, e.g. 'false_alarm_target: {windows_between_false_alerts: 100}'");
            return null;
        }
        unknownKeys(node, at, TARGET_KEYS, null);
        JsonNode windows = node.get("windows_between_false_alerts");
        FamilywiseCorrection correction = FamilywiseCorrection.SIDAK;
        JsonNode correctionNode = node.get("correction");
        if (correctionNode != null) {
            String text = correctionNode.isTextual() ? correctionNode.asText().toUpperCase(Locale.ROOT) : "";
            if ("SIDAK".equals(text) || "BONFERRONI".equals(text)) {
                correction = FamilywiseCorrection.valueOf(text);
            } else {
                error(at + "/correction", "unknown correction " + correctionNode + "; use sidak or bonferroni");
            }
        }
        if (windows == null) {
            error(at, "false_alarm_target needs windows_between_false_alerts, the expected number of windows "
                    + "between false alerts per model, e.g. 100");
            return null;
        }
        if (!windows.isNumber() || !(windows.doubleValue() > 1) || !Double.isFinite(windows.doubleValue())) {
            error(at + "/windows_between_false_alerts", "windows_between_false_alerts must be a number greater than 1, got "
                    + windows + "; e.g. 100 means one false alert per 100 windows on stationary data");
            return null;
        }
        double resolveLevel = SignificancePolicy.DEFAULT_RESOLVE_LEVEL;
        JsonNode levelNode = node.get("resolve_level");
        if (levelNode != null) {
            if (!levelNode.isNumber() || !(levelNode.doubleValue() >= 0 && levelNode.doubleValue() < 1)) {
                error(at + "/resolve_level", "resolve_level must be a number from 0 to below 1, got " + levelNode
                        + "; it is the level at which a firing alert's window still shows its problem (default "
                        + SignificancePolicy.DEFAULT_RESOLVE_LEVEL + "), and 0 holds no alert that way");
                return null;
            }
            resolveLevel = levelNode.doubleValue();
        }
        return new SignificancePolicy(windows.doubleValue(), correction, resolveLevel);
    }

    private List<Rule> rules(JsonNode node) {
        if (node == null) {
            error("", "the file has no 'rules:' list; add one (it may be empty: 'rules: []')");
            return List.of();
        }
        if (!node.isArray()) {
            error("/rules", "'rules' must be a list of rules (each item starting with '- name: ...'), not a "
                    + kindOf(node));
            return List.of();
        }
        List<Rule> rules = new ArrayList<>();
        Map<String, Integer> firstLineOfName = new HashMap<>();
        Map<String, String> pointers = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            Rule rule = new RuleReader(node.get(i), "/rules/" + i, i + 1).read();
            if (rule == null) {
                continue;
            }
            int line = locations.line("/rules/" + i + "/name");
            Integer first = firstLineOfName.putIfAbsent(rule.name(), line);
            if (first != null) {
                error("/rules/" + i + "/name", "rule name '" + rule.name() + "' is already used on line " + first
                        + "; rule names must be unique (they are part of every alert's fingerprint)");
            } else {
                rules.add(rule);
                pointers.put(rule.name(), "/rules/" + i);
            }
        }
        uninhibitedPairs(rules, pointers);
        return rules;
    }

    /**
     * Warns of rules of one {@code inhibit_group} that the rule listed before them can never inhibit: a narrower rule
     * listed before a broader one, or a per-feature and a per-segment rule. Both may then fire for what the group
     * says is one problem; the file still loads.
     */
    private void uninhibitedPairs(List<Rule> rules, Map<String, String> pointers) {
        for (Inhibition.Unheeded pair : new Inhibition(rules).unheeded()) {
            Rule earlier = pair.earlier();
            Rule rule = pair.later();
            String earlierAbout = Inhibition.Subject.of(earlier).description();
            String about = Inhibition.Subject.of(rule).description();
            String fix = Inhibition.cannotInhibit(rule, earlier)
                    ? "they watch different things: put them in different groups"
                    : "an alert about " + earlierAbout + " cannot stand for one about " + about
                            + " (the broader one inhibits the narrower): list '" + rule.name() + "' first";
            warning(pointers.get(rule.name()) + "/labels/" + Inhibition.GROUP_LABEL, "rule '" + rule.name()
                    + "' (about " + about + ") is listed after '" + earlier.name() + "' (about "
                    + earlierAbout + ") in inhibit_group '" + pair.group() + "', but '" + earlier.name()
                    + "' never inhibits it, so both may fire for one problem; " + fix);
        }
    }

    /** Reads one rule, reporting problems; null when it has errors. */
    private final class RuleReader {
        private final JsonNode node;
        private final String at;
        private final int position;
        private String name;
        private boolean failed;

        RuleReader(JsonNode node, String at, int position) {
            this.node = node;
            this.at = at;
            this.position = position;
        }

        Rule read() {
            if (!node.isObject()) {
                error(at, "rule #" + position + " must be a mapping of fields (name, metric, comparator, ...), not a "
                        + kindOf(node));
                return null;
            }
            JsonNode nameNode = node.get("name");
            if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
                fail("name", nameNode == null ? "rule #" + position + " has no name; add 'name: <unique-name>'"
                        : "rule #" + position + ": name must be text, e.g. 'name: psi-warning'");
            } else if (!RULE_NAME.matcher(nameNode.asText()).matches()) {
                fail("name", "rule name '" + nameNode.asText() + "' must start with a letter or digit and contain only "
                        + "letters, digits, '_', '.', ':' and '-'");
            } else {
                name = nameNode.asText();
            }
            unknownKeys(node, at, RULE_KEYS, this::forRule);

            Metric metric = metric();
            ComparisonOperator comparator = comparator();
            Double threshold = threshold();
            Severity severity = severity();
            int forWindows = count("for", 1, 1);
            int resolveAfter = count("resolve_after", 1, 1);
            Double resolveThreshold = resolveThreshold(comparator, threshold);
            long minSamples = minSamples();
            Glob model = glob("model");
            Glob feature = glob("feature");
            SegmentSelector segment = segment();
            checkScope(metric, feature, segment);
            Map<String, String> labels = labels();
            String description = text("description");
            String runbook = runbook();
            if (failed) {
                return null;
            }
            return new Rule(name, description, metric, model == null ? Glob.any() : model, feature, segment,
                    comparator, threshold, severity, forWindows, resolveAfter, resolveThreshold, minSamples, labels,
                    runbook);
        }

        /** The optional resolve threshold: a number on the side of the threshold that does not breach. */
        private Double resolveThreshold(ComparisonOperator comparator, Double threshold) {
            JsonNode value = node.get("resolve_threshold");
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isNumber()) {
                fail("resolve_threshold", "resolve_threshold must be a number" + forRule() + ", e.g. "
                        + "'resolve_threshold: 0.05' for a rule at '>= 0.1'");
                return null;
            }
            double resolve = value.asDouble();
            if (comparator != null && threshold != null) {
                String problem = Rule.resolveThresholdProblem(comparator, threshold, resolve);
                if (problem != null) {
                    fail("resolve_threshold", problem + forRule());
                    return null;
                }
            }
            return resolve;
        }

        private Metric metric() {
            JsonNode value = node.get("metric");
            if (value == null || !value.isTextual()) {
                fail("metric", (value == null ? "missing metric" : "metric must be text") + forRule()
                        + "; e.g. 'metric: feature.psi' (docs/alerting.md lists every metric)");
                return null;
            }
            String id = value.asText().trim();
            try {
                Metric metric = MetricCatalog.parse(id);
                MetricCatalog.warningFor(metric).ifPresent(w ->
                        warning(at + "/metric", "metric '" + id + "'" + forRule() + ": " + w));
                return metric;
            } catch (IllegalArgumentException e) {
                // The catalog's message starts "unknown metric '<id>'": name the rule right after it.
                String prefix = "unknown metric '" + id + "'";
                String message = e.getMessage();
                fail("metric", message.startsWith(prefix)
                        ? prefix + forRule() + message.substring(prefix.length()) : message + forRule());
                return null;
            }
        }

        private ComparisonOperator comparator() {
            JsonNode value = node.get("comparator");
            if (value == null) {
                fail("comparator", "missing comparator" + forRule() + "; add e.g. 'comparator: \">=\"' (one of "
                        + ComparisonOperator.symbols() + ")");
                return null;
            }
            String text = value.isValueNode() ? value.asText() : "";
            if (text.isEmpty()) {
                fail("comparator", "empty comparator" + forRule() + "; a bare '>' starts a YAML block scalar: "
                        + "quote it, e.g. comparator: \">\", or write gt, ge, lt, le, eq, ne");
                return null;
            }
            return ComparisonOperator.parse(text).orElseGet(() -> {
                fail("comparator", "unknown comparator '" + text + "'" + forRule() + "; use one of "
                        + ComparisonOperator.symbols() + " (quoted in YAML) or gt, ge, lt, le, eq, ne");
                return null;
            });
        }

        private Double threshold() {
            JsonNode value = node.get("threshold");
            if (value == null) {
                fail("threshold", "missing threshold" + forRule() + "; add e.g. 'threshold: 0.25'");
                return null;
            }
            if (!value.isNumber()) {
                fail("threshold", "threshold must be a number" + forRule() + ", got " + describe(value)
                        + (value.isTextual() ? "; write it without quotes" : ""));
                return null;
            }
            if (!Double.isFinite(value.doubleValue())) {
                fail("threshold", "threshold must be finite" + forRule() + ", got " + value.asText());
                return null;
            }
            return value.doubleValue();
        }

        private Severity severity() {
            JsonNode value = node.get("severity");
            if (value == null) {
                fail("severity", "missing severity" + forRule() + "; add 'severity: info', 'warning' or 'critical'");
                return null;
            }
            String text = value.isTextual() ? value.asText().trim().toUpperCase(Locale.ROOT) : "";
            for (Severity severity : Severity.values()) {
                if (severity.name().equals(text)) {
                    return severity;
                }
            }
            fail("severity", "unknown severity " + describe(value) + forRule() + "; use info, warning or critical");
            return null;
        }

        private int count(String key, int fallback, int minimum) {
            JsonNode value = node.get(key);
            if (value == null) {
                return fallback;
            }
            if (!value.isIntegralNumber() || value.longValue() < minimum || value.longValue() > Integer.MAX_VALUE) {
                fail(key, key + " must be a whole number of windows, at least " + minimum + forRule() + ", got "
                        + describe(value));
                return fallback;
            }
            return value.intValue();
        }

        private long minSamples() {
            JsonNode value = node.get("min_samples");
            if (value == null) {
                return 0;
            }
            if (!value.isIntegralNumber() || value.longValue() < 0) {
                fail("min_samples", "min_samples must be a whole number, 0 or more" + forRule() + ", got "
                        + describe(value));
                return 0;
            }
            return value.longValue();
        }

        private Glob glob(String key) {
            JsonNode value = node.get(key);
            if (value == null) {
                return null;
            }
            if (!value.isTextual() || value.asText().isEmpty()) {
                fail(key, key + " must be a non-empty glob such as 'fraud-*' or '*'" + forRule() + ", got "
                        + describe(value));
                return null;
            }
            return Glob.of(value.asText());
        }

        private SegmentSelector segment() {
            JsonNode value = node.get("segment");
            if (value == null) {
                return null;
            }
            if (!value.isTextual() || value.asText().isEmpty()) {
                fail("segment", "segment must be 'attribute' or 'attribute=value' (globs)" + forRule() + ", got "
                        + describe(value));
                return null;
            }
            try {
                return SegmentSelector.parse(value.asText());
            } catch (IllegalArgumentException e) {
                fail("segment", e.getMessage() + forRule());
                return null;
            }
        }

        private void checkScope(Metric metric, Glob feature, SegmentSelector segment) {
            if (metric == null) {
                return;
            }
            MetricFamily.Scope scope = metric.family().scope();
            if (feature != null && scope != MetricFamily.Scope.FEATURE) {
                fail("feature", "'feature' does not apply to metric '" + metric.id() + "'" + forRule()
                        + ": it has no per-feature observations; remove the selector");
            }
            if (segment != null && scope != MetricFamily.Scope.SEGMENT) {
                fail("segment", "'segment' does not apply to metric '" + metric.id() + "'" + forRule()
                        + ": it has no per-segment observations; remove the selector");
            }
            if (segment != null && segment.selectsGroups() && metric.family() == MetricFamily.FAIRNESS) {
                fail("segment", "fairness figures are per attribute, so segment '" + segment.text()
                        + "' with a group value never matches" + forRule() + "; write only the attribute, e.g. '"
                        + segment.attribute().text() + "'");
            }
        }

        private Map<String, String> labels() {
            JsonNode value = node.get("labels");
            if (value == null) {
                return Map.of();
            }
            if (!value.isObject()) {
                fail("labels", "labels must be a mapping of name: value" + forRule() + ", e.g. 'labels: {team: risk}'");
                return Map.of();
            }
            Map<String, String> labels = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                String key = field.getKey();
                String where = "labels/" + key.replace("~", "~0").replace("/", "~1");
                if (!LABEL_NAME.matcher(key).matches() || key.startsWith("__")) {
                    fail(where, "label name '" + key + "'" + forRule() + " is not a valid Prometheus label name; use "
                            + "letters, digits and '_', not starting with a digit or '__'");
                } else if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                    fail(where, "label '" + key + "'" + forRule() + " must have a text value, got "
                            + describe(field.getValue()));
                } else {
                    labels.put(key, field.getValue().asText());
                }
            }
            return labels;
        }

        private String text(String key) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                fail(key, key + " must be text" + forRule() + ", got " + describe(value));
                return null;
            }
            return value.asText();
        }

        private String runbook() {
            String url = text("runbook_url");
            if (url == null) {
                return null;
            }
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme();
                if (scheme != null && !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
                    fail("runbook_url", "runbook_url '" + url + "'" + forRule()
                            + " must be an http(s) address or a relative path");
                }
            } catch (URISyntaxException e) {
                fail("runbook_url", "runbook_url '" + url + "'" + forRule() + " is not a valid URL: " + e.getReason()
                        + "; escape spaces and special characters (%20 ...)");
            }
            return url;
        }

        private void fail(String key, String message) {
            failed = true;
            error(at + "/" + key, message);
        }

        private String forRule() {
            return name != null ? " for rule '" + name + "'" : " for rule #" + position;
        }
    }

    private void unknownKeys(JsonNode object, String at, Collection<String> allowed, Supplier<String> context) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!allowed.contains(key)) {
                String escaped = key.replace("~", "~0").replace("/", "~1");
                error(at + "/" + escaped, "unknown key '" + key + "'" + (context == null ? "" : context.get())
                        + Suggestions.didYouMean(key, allowed) + "; allowed keys: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private void error(String pointer, String message) {
        problems.add(new RuleProblem(source, locations == null ? 0 : locations.line(pointer), RuleProblem.Kind.ERROR,
                message));
    }

    private void warning(String pointer, String message) {
        problems.add(new RuleProblem(source, locations.line(pointer), RuleProblem.Kind.WARNING, message));
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "the text '" + value.asText() + "'";
        }
        return value.isValueNode() ? value.asText() : "a " + kindOf(value);
    }

    private static String kindOf(JsonNode node) {
        if (node.isArray()) {
            return "list";
        }
        if (node.isObject()) {
            return "mapping";
        }
        return node.isTextual() ? "text" : "value " + node.asText();
    }
}
