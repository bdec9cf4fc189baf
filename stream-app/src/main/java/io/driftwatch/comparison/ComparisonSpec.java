package io.driftwatch.comparison;

import java.util.Map;
import java.util.Objects;

/**
 * One comparison: candidate version against control version of a model, the figures it is judged
 * on with their margins, and the decision policy.
 *
 * @param margins       the judged figures and how much worse than control each may be (see {@link JudgedMetric})
 * @param primaryMetric the figure on which the candidate must be significantly better to be promoted
 * @param minSamples    observations each version needs per figure before the figure counts
 * @param alpha         chance of a false decision over the whole comparison, however long it runs
 * @param maxWindows    windows after which an undecided comparison is declared INCONCLUSIVE; 0 = never
 * @param discovered    true when found from deployment roles rather than declared in the file
 */
public record ComparisonSpec(String model, String control, String candidate, ComparisonMode mode,
                             Map<JudgedMetric, Double> margins, JudgedMetric primaryMetric, long minSamples,
                             double alpha, int maxWindows, boolean discovered) {

    public ComparisonSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(mode, "mode");
        margins = Map.copyOf(margins);
        if (!margins.containsKey(primaryMetric)) {
            throw new IllegalArgumentException("primary metric " + primaryMetric.id() + " is not among the judged metrics");
        }
    }

    /** The key of the comparison on the comparisons topic and in its stores. */
    public String key() {
        return model + '/' + control + '/' + candidate;
    }

    public String origin() {
        return discovered ? "discovered" : "declared";
    }
}
