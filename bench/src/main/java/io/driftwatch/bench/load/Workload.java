package io.driftwatch.bench.load;

import io.driftwatch.generator.ScenarioKind;
import io.driftwatch.generator.TrafficConfig;
import java.time.Duration;
import java.util.Locale;

/**
 * The shape of the benchmark traffic: {@code models} binary classifiers sharing traffic by Zipf
 * weights 1/k^{@code skew}, each with {@code numeric} numeric and {@code categorical} categorical
 * features (the generator's realistic marginals: normal measures, log-normal amounts, bounded ages,
 * Zipf-distributed strings and booleans; 1% missing values), 0.5% errors and 70% label coverage.
 */
public record Workload(int models, int numeric, int categorical, double skew) {

    /** The throughput goal's shape: 20 numeric and 5 categorical features, 10 models with skew 1. */
    public static Workload standard() {
        return new Workload(10, 20, 5, 1.0);
    }

    public int features() {
        return numeric + categorical;
    }

    public TrafficConfig traffic() {
        return builder().build();
    }

    /** The same models with a scenario that applies from the start of generation. */
    public TrafficConfig traffic(ScenarioKind scenario, double intensity) {
        return builder().scenario(scenario, Duration.ZERO, intensity).build();
    }

    private TrafficConfig.Builder builder() {
        return TrafficConfig.builder().models(models).numericFeatures(numeric).categoricalFeatures(categorical).skew(skew);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d models (Zipf skew %.1f) x (%d numeric + %d categorical features)",
            models, skew, numeric, categorical);
    }
}
