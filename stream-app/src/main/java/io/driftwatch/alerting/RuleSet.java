package io.driftwatch.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules in force and the optional false-alarm target, as loaded from a rules file.
 *
 * <p>Two rule sets are equal when their {@linkplain #canonicalForm() canonical forms} are: YAML
 * formatting and the order of rules in the file do not matter, except within an
 * {@code inhibit_group}, whose order says which rule inhibits which; any change to a rule's
 * content (including its description) matters. {@link #digest()} is the SHA-256 of the canonical form, for
 * noticing and auditing changes while running; {@link RulesDiff} says what changed.
 */
public final class RuleSet {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Rule> rules;
    private final SignificancePolicy significancePolicy;
    private final Map<String, Integer> inhibitRanks;
    private final String canonicalForm;

    /**
     * @param rules              the rules; names must be unique
     * @param significancePolicy the false-alarm target, or null when the file sets none
     */
    public RuleSet(List<Rule> rules, SignificancePolicy significancePolicy) {
        this.rules = List.copyOf(rules);
        this.significancePolicy = significancePolicy;
        Set<String> names = new HashSet<>();
        for (Rule rule : this.rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("two rules are named '" + rule.name() + "'; rule names must be unique");
            }
        }
        this.inhibitRanks = Inhibition.ranks(this.rules);
        this.canonicalForm = canonicalJson(this.rules, inhibitRanks, significancePolicy);
    }

    /** The rules in file order. */
    public List<Rule> rules() {
        return rules;
    }

    /** The rule with this name. */
    public Optional<Rule> rule(String name) {
        return rules.stream().filter(rule -> rule.name().equals(name)).findFirst();
    }

    /** The rule's position in its {@code inhibit_group}, 0 for the strongest; empty when it has none. */
    public Optional<Integer> inhibitRank(String ruleName) {
        return Optional.ofNullable(inhibitRanks.get(ruleName));
    }

    /** The false-alarm target, when the rules file sets one (see {@link SignificancePolicy}). */
    public Optional<SignificancePolicy> significancePolicy() {
        return Optional.ofNullable(significancePolicy);
    }

    /**
     * Compact JSON (UTF-8, no whitespace) of the rule set: an object with {@code false_alarm_target}
     * (null or {@code {correction, windows_between_false_alerts}}) and {@code rules}, the rules
     * sorted by name, each an object with every field of a rules file (absent ones as null, defaults
     * filled in) and {@code inhibit_rank} (its position in its {@code inhibit_group}, 0 for the
     * strongest, or null) in alphabetical key order, labels sorted by name, comparators as symbols and
     * severities in lowercase.
     */
    public String canonicalForm() {
        return canonicalForm;
    }

    /** Lowercase hex SHA-256 of the UTF-8 canonical form. */
    public String digest() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonicalForm.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RuleSet set && set.canonicalForm.equals(canonicalForm);
    }

    @Override
    public int hashCode() {
        return canonicalForm.hashCode();
    }

    @Override
    public String toString() {
        return "RuleSet[" + rules.size() + " rules, digest " + digest().substring(0, 12) + "]";
    }

    private static String canonicalJson(List<Rule> rules, Map<String, Integer> inhibitRanks, SignificancePolicy policy) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        if (policy == null) {
            root.putNull("false_alarm_target");
        } else {
            ObjectNode target = root.putObject("false_alarm_target");
            target.put("correction", policy.correction().name().toLowerCase(Locale.ROOT));
            target.put("windows_between_false_alerts", policy.windowsBetweenFalseAlerts());
            if (policy.resolveLevel() != SignificancePolicy.DEFAULT_RESOLVE_LEVEL) {
                // Only when set otherwise: rules files without it keep their digest.
                target.put("resolve_level", policy.resolveLevel());
            }
        }
        ArrayNode array = root.putArray("rules");
        List<Rule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparing(Rule::name));
        for (Rule rule : sorted) {
            ObjectNode node = array.addObject();
            node.put("comparator", rule.comparator().symbol());
            node.put("description", rule.description());
            node.put("feature", rule.feature() == null ? null : rule.feature().text());
            node.put("for", rule.forWindows());
            node.put("inhibit_rank", inhibitRanks.get(rule.name()));
            ObjectNode labels = node.putObject("labels");
            for (Map.Entry<String, String> label : rule.labels().entrySet()) {
                labels.put(label.getKey(), label.getValue());
            }
            node.put("metric", rule.metric().id());
            node.put("min_samples", rule.minSamples());
            node.put("model", rule.model().text());
            node.put("name", rule.name());
            node.put("resolve_after", rule.resolveAfter());
            if (rule.resolveThreshold() != null) {
                // Only when set: rules files without one keep the canonical form, and the digest, they had.
                node.put("resolve_threshold", rule.resolveThreshold());
            }
            node.put("runbook_url", rule.runbookUrl());
            node.put("segment", rule.segment() == null ? null : rule.segment().text());
            node.put("severity", rule.severity().name().toLowerCase(Locale.ROOT));
            node.put("threshold", rule.threshold());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the canonical form of a rule set", e);
        }
    }
}
