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
 * that was firing resolves at once.
 * A rule about the model version as a whole ({@code dataset-drift}) inhibits the per-feature rules
 * after it for every feature: the dataset alert carries the drifted features instead.
 *
 * <p>This is Alertmanager's inhibition (source alert mutes target alerts with equal labels) done
 * where the alerts are made, so that the {@code alerts} topic, the audit chain and every consumer
 * see one alert per problem, not only those behind an Alertmanager.
 */
final class Inhibition {

    /** The label naming a rule's inhibition group. */
    static final String GROUP_LABEL = "inhibit_group";

    private final Map<String, List<Rule>> inhibitors = new HashMap<>();

    Inhibition(List<Rule> rules) {
        Map<String, List<Rule>> byGroup = new HashMap<>();
        for (Rule rule : rules) {
            String group = rule.labels().get(GROUP_LABEL);
            if (group == null) {
                continue;
            }
            List<Rule> stronger = byGroup.computeIfAbsent(group, g -> new ArrayList<>());
            if (!stronger.isEmpty()) {
                inhibitors.put(rule.name(), List.copyOf(stronger));
            }
            stronger.add(rule);
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

    /** The rules listed before {@code rule} in its group, strongest first; empty when none. */
    List<Rule> inhibitorsOf(Rule rule) {
        return inhibitors.getOrDefault(rule.name(), List.of());
    }
}
