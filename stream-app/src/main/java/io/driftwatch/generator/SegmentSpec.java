package io.driftwatch.generator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Segment attributes of generated events, each value drawn with its weight: {@value #REGION} and
 * the protected attribute {@value #GROUP} used for fairness figures.
 *
 * @param regions weight per region (need not sum to 1)
 * @param groups  weight per protected group (need not sum to 1)
 */
public record SegmentSpec(Map<String, Double> regions, Map<String, Double> groups) {

    public static final String REGION = "region";
    public static final String GROUP = "group";

    public SegmentSpec {
        regions = copy(regions, REGION);
        groups = copy(groups, GROUP);
    }

    /** Four regions with Zipf(1) weights, groups A and B at 60/40. */
    public static SegmentSpec defaults() {
        Map<String, Double> regions = new LinkedHashMap<>();
        List<String> names = List.of("us-east", "eu-west", "ap-south", "sa-east");
        double[] w = DiscreteDistribution.zipfWeights(names.size(), 1.0);
        for (int i = 0; i < names.size(); i++) {
            regions.put(names.get(i), w[i]);
        }
        Map<String, Double> groups = new LinkedHashMap<>();
        groups.put("A", 0.6);
        groups.put("B", 0.4);
        return new SegmentSpec(regions, groups);
    }

    private static Map<String, Double> copy(Map<String, Double> weights, String attribute) {
        if (weights == null || weights.isEmpty()) {
            throw new IllegalArgumentException("segment attribute '" + attribute + "' needs at least one value with a weight");
        }
        // Keep the caller's order: it fixes which value each random draw maps to.
        Map<String, Double> copy = new LinkedHashMap<>(weights);
        new DiscreteDistribution(copy.values().stream().mapToDouble(Double::doubleValue).toArray());
        return java.util.Collections.unmodifiableMap(copy);
    }
}
