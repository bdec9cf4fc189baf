package io.driftwatch.comparison;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to compare: the comparisons declared in the comparisons file, and whether (and how) to
 * compare a model's versions on its own when one window holds exactly one primary version and one
 * canary, shadow or variant version.
 *
 * @param declared the declared comparisons
 * @param discover whether to discover comparisons from deployment roles
 * @param defaults margins and policy for discovered comparisons and for what a declared one leaves out
 */
public record ComparisonPlan(List<ComparisonSpec> declared, boolean discover, Defaults defaults) {

    /** Policy shared by comparisons that do not set their own. */
    public record Defaults(Map<JudgedMetric, Double> margins, JudgedMetric primaryMetric, long minSamples, double alpha,
                           int maxWindows) {
        public Defaults {
            margins = Map.copyOf(margins);
        }

        /** The playbooks' defaults: accuracy drop > 2 points, error rate +1 point, p99 +20% count as worse. */
        public static Defaults standard() {
            Map<JudgedMetric, Double> margins = new LinkedHashMap<>();
            for (JudgedMetric m : List.of(JudgedMetric.ACCURACY, JudgedMetric.ERROR_RATE, JudgedMetric.ABSOLUTE_ERROR,
                    JudgedMetric.LATENCY_P99)) {
                margins.put(m, m.defaultMargin());
            }
            return new Defaults(margins, JudgedMetric.ACCURACY, 200, 0.001, 0);
        }
    }

    public ComparisonPlan {
        declared = List.copyOf(declared);
    }

    public static ComparisonPlan standard() {
        return new ComparisonPlan(List.of(), true, Defaults.standard());
    }

    /** Declared comparisons of {@code model}. */
    public List<ComparisonSpec> declaredFor(String model) {
        List<ComparisonSpec> specs = new ArrayList<>();
        for (ComparisonSpec s : declared) {
            if (s.model().equals(model)) {
                specs.add(s);
            }
        }
        return specs;
    }

    /**
     * The comparison discovered from the roles seen in one window of {@code model} (version → role,
     * null role = primary): present when discovery is on, no comparison of the model is declared, and
     * the window holds exactly one primary and exactly one other version with a canary, shadow or
     * variant role. Anything else is ambiguous and not guessed at.
     */
    public Optional<ComparisonSpec> discover(String model, Map<String, String> rolesByVersion) {
        if (!discover || !declaredFor(model).isEmpty() || rolesByVersion.size() != 2) {
            return Optional.empty();
        }
        String primary = null;
        String candidate = null;
        ComparisonMode mode = null;
        for (Map.Entry<String, String> e : rolesByVersion.entrySet()) {
            String role = e.getValue();
            if (ComparisonMode.isPrimary(role)) {
                primary = e.getKey();
            } else {
                candidate = e.getKey();
                mode = ComparisonMode.ofRole(role).orElse(null);
            }
        }
        if (primary == null || candidate == null || mode == null) {
            return Optional.empty();
        }
        return Optional.of(new ComparisonSpec(model, primary, candidate, mode, defaults.margins(), defaults.primaryMetric(),
            defaults.minSamples(), defaults.alpha(), defaults.maxWindows(), true));
    }
}
