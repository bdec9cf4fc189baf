package io.driftwatch.comparison;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the comparisons file (YAML), collecting every problem with the key it is about and how to
 * fix it:
 * <pre>{@code
 * discover: true                       # compare one primary with one canary/shadow/variant on its own
 * defaults:                            # for discovered comparisons and keys a comparison leaves out
 *   metrics: {accuracy: 0.02, error_rate: 0.01, absolute_error: 0, latency_p99: 0.2}
 *   primary_metric: accuracy
 *   min_samples: 200
 *   alpha: 0.001
 *   max_windows: 0
 * comparisons:
 *   - model: fraud-detector
 *     control: "1"
 *     candidate: "2"
 *     mode: canary                       # canary, shadow or ab
 *     metrics: {accuracy: 0.02, latency_p99: 0.4}
 * }</pre>
 */
public final class ComparisonsFile {

    private static final Set<String> TOP = Set.of("discover", "defaults", "comparisons");
    private static final Set<String> POLICY = Set.of("metrics", "primary_metric", "min_samples", "alpha", "max_windows");
    private static final Set<String> COMPARISON = Set.of("model", "control", "candidate", "mode", "metrics",
        "primary_metric", "min_samples", "alpha", "max_windows");

    private final String source;
    private final List<String> problems = new ArrayList<>();

    private ComparisonsFile(String source) {
        this.source = source;
    }

    public static ComparisonPlan load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the comparisons file " + file, e);
        }
    }

    public static ComparisonPlan parse(String yaml, String source) {
        return new ComparisonsFile(source).read(yaml);
    }

    private ComparisonPlan read(String yaml) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ComparisonsFileException(source, List.of("not YAML: " + e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return ComparisonPlan.standard();
        }
        if (!root.isObject()) {
            throw new ComparisonsFileException(source, List.of("the file must be a mapping with discover, defaults and comparisons"));
        }
        unknownKeys(root, TOP, "");
        boolean discover = true;
        if (root.has("discover")) {
            if (root.get("discover").isBoolean()) {
                discover = root.get("discover").booleanValue();
            } else {
                problems.add("discover: expected true or false, got " + root.get("discover"));
            }
        }
        ComparisonPlan.Defaults standard = ComparisonPlan.Defaults.standard();
        ComparisonPlan.Defaults defaults = root.has("defaults")
            ? policy(root.get("defaults"), "defaults", standard, POLICY) : standard;
        List<ComparisonSpec> specs = new ArrayList<>();
        JsonNode list = root.get("comparisons");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                problems.add("comparisons: expected a list of comparisons (- model: ..., control: ..., candidate: ...)");
            } else {
                Set<String> keys = new HashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    ComparisonSpec spec = comparison(list.get(i), "comparisons[" + i + "]", defaults);
                    if (spec != null && !keys.add(spec.key())) {
                        problems.add("comparisons[" + i + "]: " + spec.key() + " is declared twice; keep one");
                    }
                    if (spec != null) {
                        specs.add(spec);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ComparisonsFileException(source, problems);
        }
        return new ComparisonPlan(specs, discover, defaults);
    }

    private ComparisonSpec comparison(JsonNode node, String at, ComparisonPlan.Defaults defaults) {
        if (!node.isObject()) {
            problems.add(at + ": expected a mapping with model, control, candidate and mode");
            return null;
        }
        unknownKeys(node, COMPARISON, at + ".");
        String model = text(node, "model", at);
        String control = text(node, "control", at);
        String candidate = text(node, "candidate", at);
        String modeText = text(node, "mode", at);
        ComparisonMode mode = null;
        if (modeText != null) {
            mode = ComparisonMode.parse(modeText).orElse(null);
            if (mode == null) {
                problems.add(at + ".mode: '" + modeText + "' is not a mode; use canary, shadow or ab");
            }
        }
        if (model != null && model.contains("/")) {
            problems.add(at + ".model: '" + model + "' contains '/', which no model id may contain");
        }
        if (control != null && control.equals(candidate)) {
            problems.add(at + ": control and candidate are both '" + control + "'; compare two different versions");
        }
        int before = problems.size();
        ComparisonPlan.Defaults policy = policy(node, at, defaults, COMPARISON);
        if (model == null || control == null || candidate == null || mode == null || problems.size() > before) {
            return null;
        }
        return new ComparisonSpec(model, control, candidate, mode, policy.margins(), policy.primaryMetric(),
            policy.minSamples(), policy.alpha(), policy.maxWindows(), false);
    }

    private ComparisonPlan.Defaults policy(JsonNode node, String at, ComparisonPlan.Defaults inherited, Set<String> allowed) {
        if (!node.isObject()) {
            problems.add(at + ": expected a mapping of " + String.join(", ", POLICY));
            return inherited;
        }
        if (allowed == POLICY) {
            unknownKeys(node, POLICY, at + ".");
        }
        String prefix = at + ".";
        Map<JudgedMetric, Double> margins = inherited.margins();
        JsonNode metrics = node.get("metrics");
        if (metrics != null) {
            margins = new LinkedHashMap<>();
            if (!metrics.isObject() || metrics.isEmpty()) {
                problems.add(prefix + "metrics: expected a mapping of metric to margin, e.g. {accuracy: 0.02}; metrics are "
                    + JudgedMetric.ids());
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JudgedMetric metric = JudgedMetric.parse(e.getKey()).orElse(null);
                    if (metric == null) {
                        problems.add(prefix + "metrics." + e.getKey() + ": unknown metric; use one of " + JudgedMetric.ids());
                    } else if (!e.getValue().isNumber() || e.getValue().doubleValue() < 0) {
                        problems.add(prefix + "metrics." + e.getKey() + ": the margin must be a number >= 0 (how much worse"
                            + " than control is tolerated), got " + e.getValue());
                    } else {
                        margins.put(metric, e.getValue().doubleValue());
                    }
                }
            }
        }
        JudgedMetric primary = inherited.primaryMetric();
        String primaryText = node.has("primary_metric") ? node.get("primary_metric").asText() : null;
        if (primaryText != null) {
            primary = JudgedMetric.parse(primaryText).orElse(null);
            if (primary == null || !primary.sequential()) {
                problems.add(prefix + "primary_metric: '" + primaryText + "' cannot decide a promotion; use accuracy,"
                    + " error_rate or absolute_error");
                primary = inherited.primaryMetric();
            }
        }
        if (!margins.isEmpty() && !margins.containsKey(primary)) {
            JudgedMetric fallback = margins.keySet().stream().filter(JudgedMetric::sequential).findFirst().orElse(null);
            if (primaryText != null || fallback == null) {
                problems.add(prefix + "primary_metric: " + primary.id() + " is not among the metrics; add it to metrics"
                    + " or name one of them (accuracy, error_rate or absolute_error)");
            } else {
                primary = fallback;
            }
        }
        long minSamples = node.has("min_samples") ? wholeNumber(node.get("min_samples"), prefix + "min_samples", 2, inherited.minSamples())
            : inherited.minSamples();
        double alpha = inherited.alpha();
        if (node.has("alpha")) {
            JsonNode a = node.get("alpha");
            if (!a.isNumber() || !(a.doubleValue() > 0 && a.doubleValue() < 0.5)) {
                problems.add(prefix + "alpha: the chance of a false decision must be a number in (0, 0.5), e.g. 0.001; got " + a);
            } else {
                alpha = a.doubleValue();
            }
        }
        int maxWindows = node.has("max_windows")
            ? (int) wholeNumber(node.get("max_windows"), prefix + "max_windows", 0, inherited.maxWindows()) : inherited.maxWindows();
        if (margins.isEmpty()) {
            return inherited;
        }
        return new ComparisonPlan.Defaults(margins, primary, minSamples, alpha, maxWindows);
    }

    private long wholeNumber(JsonNode node, String key, long min, long fallback) {
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.longValue() < min) {
            problems.add(key + ": expected a whole number >= " + min + ", got " + node);
            return fallback;
        }
        return node.longValue();
    }

    private String text(JsonNode node, String key, String at) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            problems.add(at + "." + key + ": missing; every comparison needs model, control, candidate and mode");
            return null;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            problems.add(at + "." + key + ": expected a non-empty text (quote versions like \"2\"), got " + v);
            return null;
        }
        return v.asText();
    }

    private void unknownKeys(JsonNode node, Set<String> allowed, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                problems.add(prefix + key + ": unknown key; expected one of " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }
}
