package io.driftwatch.alerting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What changed between two rule sets, by rule name, for the audit record of a rules change.
 *
 * @param added                    names of rules only in the new set, sorted
 * @param removed                  names of rules only in the old set, sorted
 * @param changed                  names of rules in both whose content, or position in their
 *                                 {@code inhibit_group}, differs, sorted
 * @param falseAlarmTargetChanged  whether the false-alarm target differs
 */
public record RulesDiff(List<String> added, List<String> removed, List<String> changed,
                        boolean falseAlarmTargetChanged) {

    public RulesDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /**
     * The difference from {@code before} to {@code after}.
     *
     * @param before the rules in force until now, or null at start-up (everything counts as added)
     */
    public static RulesDiff between(RuleSet before, RuleSet after) {
        Objects.requireNonNull(after, "after");
        Map<String, Rule> old = before == null ? Map.of() : byName(before);
        Map<String, Rule> now = byName(after);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, Rule> entry : now.entrySet()) {
            Rule previous = old.get(entry.getKey());
            if (previous == null) {
                added.add(entry.getKey());
            } else if (!previous.equals(entry.getValue())
                    || !before.inhibitRank(entry.getKey()).equals(after.inhibitRank(entry.getKey()))) {
                changed.add(entry.getKey());
            }
        }
        List<String> removed = old.keySet().stream().filter(name -> !now.containsKey(name)).toList();
        boolean targetChanged = !Objects.equals(before == null ? null : before.significancePolicy().orElse(null),
                after.significancePolicy().orElse(null));
        return new RulesDiff(added, removed, changed, targetChanged);
    }

    /** True when nothing changed. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && !falseAlarmTargetChanged;
    }

    private static Map<String, Rule> byName(RuleSet set) {
        return set.rules().stream().collect(Collectors.toMap(Rule::name, Function.identity(), (a, b) -> a, TreeMap::new));
    }
}
