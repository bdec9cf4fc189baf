package io.driftwatch.bench.quality;

import io.driftwatch.generator.GeneratedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One feature's values across a batch of generated events, as the column a batch drift test
 * takes; the baseline deciders compare the values present, so events missing the feature (and
 * non-finite numbers) are left out.
 */
final class FeatureColumns {

    private FeatureColumns() {}

    static double[] numeric(List<GeneratedEvent> events, String name) {
        double[] values = new double[events.size()];
        int n = 0;
        for (GeneratedEvent e : events) {
            if (e.prediction().getFeatures().get(name) instanceof Number x && Double.isFinite(x.doubleValue())) {
                values[n++] = x.doubleValue();
            }
        }
        return Arrays.copyOf(values, n);
    }

    static String[] categorical(List<GeneratedEvent> events, String name) {
        List<String> values = new ArrayList<>(events.size());
        for (GeneratedEvent e : events) {
            Object v = e.prediction().getFeatures().get(name);
            if (v != null) {
                values.add(v.toString());
            }
        }
        return values.toArray(String[]::new);
    }
}
