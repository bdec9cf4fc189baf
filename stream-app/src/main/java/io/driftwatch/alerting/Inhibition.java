package io.driftwatch.alerting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rules inhibit which, so that one problem raises one alert. Rules that share the label
 * {@code inhibit_group} (Alertmanager's convention) describe the same condition at different
 * strengths and are listed strongest first: while an alert of a rule fires, or its condition holds
 * in the window, for a model version (and a feature or segment, when the rule has them), the rules
 * listed after it in its group do not fire for that model version and feature; an alert of theirs
 * that was firing resolves at once. A stronger rule escalates only to a higher severity: while a weaker
 * rule's alert of the same severity or higher fires about the same thing, that alert stands for the stronger
 * rule too ({@link #weakerAlikeOf}). And a firing alert does not resolve while another rule of its group about the
 * same thing still breaches ({@link #alikeOf}): a major shift that settles into a moderate one stays the major
 * alert, rather than resolving so that the moderate one fires.
 * A rule about the model version as a whole ({@code dataset-drift}) inhibits the per-feature rules
 * after it for every feature: the dataset alert carries the drifted features instead. Likewise a rule
 * about a protected attribute as a whole ({@code fairness.*}) inhibits the per-group rules
 * ({@code segment.*}) after it for every group of that attribute. A narrower rule never inhibits a
 * broader one (its alert does not name the other features or groups the broader alert is about, so
 * they would go unreported), nor a per-feature rule a per-segment one; the rules file warns of such
 * pairs ({@link #unheeded}).
 *
 * <p>This is Alertmanager's inhibition (source alert mutes target alerts with equal labels) done
 * where the alerts are made, so that the {@code alerts} topic, the audit chain and every consumer
 * see one alert per problem, not only those behind an Alertmanager.
 */
final class Inhibition {

    /** The label naming a rule's inhibition group. */
    static final String GROUP_LABEL = "inhibit_group";

    private final Map<String, List<Rule>> inhibitors = new HashMap<>();
    private final Map<String, List<Rule>> weakerAlike = new HashMap<>();
    private final List<Unheeded> unheeded = new ArrayList<>();

    /** A rule listed after {@code earlier} in {@code group} that {@code earlier} never inhibits ({@link #cannotInhibit}). */
    record Unheeded(String group, Rule earlier, Rule later) {}

    Inhibition(List<Rule> rules) {
        Map<String, List<Rule>> byGroup = new HashMap<>();
        for (Rule rule : rules) {
            String group = rule.labels().get(GROUP_LABEL);
            if (group == null) {
                continue;
            }
            List<Rule> earlier = byGroup.computeIfAbsent(group, g -> new ArrayList<>());
            List<Rule> stronger = new ArrayList<>();
            for (Rule before : earlier) {
                if (cannotInhibit(before, rule)) {
                    unheeded.add(new Unheeded(group, before, rule));
                } else {
                    stronger.add(before);
                    if (Subject.of(before) == Subject.of(rule)) {
                        weakerAlike.computeIfAbsent(before.name(), name -> new ArrayList<>()).add(rule);
                    }
                }
            }
            if (!stronger.isEmpty()) {
                inhibitors.put(rule.name(), List.copyOf(stronger));
            }
            earlier.add(rule);
        }
    }

    /**
     * Each grouped rule's position in its {@code inhibit_group}, 0 for the strongest, by rule name;
     * rules without the label are absent. The order of a group is part of what the rules mean.
     */
    static Map<String, Integer> ranks(List<Rule> rules) {
        Map<String, Integer> sizes = new HashMap<>();
        Map<String, Integer> ranks = new HashMap<>();
        for (Rule rule : rules) {
            String group = rule.labels().get(GROUP_LABEL);
            if (group != null) {
                ranks.put(rule.name(), sizes.merge(group, 1, Integer::sum) - 1);
            }
        }
        return Map.copyOf(ranks);
    }

    /** The rules listed before {@code rule} in its group that can inhibit it, strongest first; empty when none. */
    List<Rule> inhibitorsOf(Rule rule) {
        return inhibitors.getOrDefault(rule.name(), List.of());
    }

    /**
     * The rules listed after {@code rule} in its group whose observations are about what its own are about (the same
     * feature, the same group, the model version): the weaker bars of the same problem, strongest first.
     */
    List<Rule> weakerAlikeOf(Rule rule) {
        return weakerAlike.getOrDefault(rule.name(), List.of());
    }

    /**
     * The other rules of {@code rule}'s group about what its own observations are about: its inhibitors about the same
     * thing, strongest first, then {@link #weakerAlikeOf}.
     */
    List<Rule> alikeOf(Rule rule) {
        List<Rule> alike = new ArrayList<>();
        for (Rule stronger : inhibitorsOf(rule)) {
            if (Subject.of(stronger) == Subject.of(rule)) {
                alike.add(stronger);
            }
        }
        alike.addAll(weakerAlikeOf(rule));
        return alike;
    }

    /** The pairs of a group whose earlier rule never inhibits the later one, in the rules' order. */
    List<Unheeded> unheeded() {
        return List.copyOf(unheeded);
    }

    /** The feature and segment of a stronger rule's alert (either may be null). */
    record Target(String feature, String segment) {}

    /**
     * Which alert of the {@code stronger} rule, one of {@link #inhibitorsOf}, inhibits this observation: the stronger
     * rule's alert about the model version, about the same feature, the same segment, or, for a fairness rule, about
     * the attribute of the observation's group.
     */
    static Target inhibitingTarget(Rule stronger, Observation observation) {
        return switch (Subject.of(stronger)) {
            case MODEL -> new Target(null, null);
            case FEATURE -> new Target(observation.feature(), null);
            case ATTRIBUTE -> new Target(null, attributeOf(observation.segment()));
            case GROUP -> new Target(null, observation.segment());
        };
    }

    /** Whether no alert of {@code stronger} can inhibit one of {@code weaker}, whatever their order in a group. */
    static boolean cannotInhibit(Rule stronger, Rule weaker) {
        return !Subject.of(stronger).covers(Subject.of(weaker));
    }

    /** What a rule's observations are about, for one alert of a broader subject to stand for narrower ones. */
    enum Subject {
        MODEL("the model version as a whole"),
        FEATURE("one feature"),
        ATTRIBUTE("a protected attribute as a whole"),
        GROUP("one group of an attribute");

        private final String description;

        Subject(String description) {
            this.description = description;
        }

        static Subject of(Rule rule) {
            MetricFamily family = rule.metric().family();
            return switch (family.scope()) {
                case MODEL -> MODEL;
                case FEATURE -> FEATURE;
                // Fairness figures are per attribute (segment "attribute"), the others per group ("attribute=value").
                case SEGMENT -> family == MetricFamily.FAIRNESS ? ATTRIBUTE : GROUP;
            };
        }

        boolean covers(Subject narrower) {
            return switch (this) {
                case MODEL -> true;
                case FEATURE -> narrower == FEATURE;
                case ATTRIBUTE -> narrower == ATTRIBUTE || narrower == GROUP;
                case GROUP -> narrower == GROUP;
            };
        }

        String description() {
            return description;
        }
    }

    /** The attribute of a segment: {@code attribute} or {@code attribute=value}, split at the first '='. */
    private static String attributeOf(String segment) {
        if (segment == null) {
            return null;
        }
        int eq = segment.indexOf('=');
        return eq < 0 ? segment : segment.substring(0, eq);
    }
}
