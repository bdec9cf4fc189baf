package io.driftwatch.bench.quality;

import io.driftwatch.generator.FeatureSpec;
import io.driftwatch.generator.GeneratedEvent;
import io.driftwatch.generator.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision the established tools make by default, on raw data: every feature column compared with
 * the reference by {@link ExactDriftTests}, a window drifting when any column drifts (what an alert on
 * any column's drift does) or when at least half the columns drift (Evidently's dataset drift,
 * {@code drift_share = 0.5}). The target (true labels of the window's labelled events) is tested the
 * same way on its own, as a target-drift check.
 */
final class EvidentlyStyleDecider {

    /** A window's verdicts: columns tested, columns drifted, and whether the target drifted. */
    record Decision(int tested, int drifted, boolean targetDrift) {
        boolean anyColumn() {
            return drifted > 0;
        }

        boolean datasetDrift() {
            return tested > 0 && drifted >= 0.5 * tested;
        }
    }

    private final List<FeatureSpec> features;
    private final List<Object> referenceColumns = new ArrayList<>();
    private final String[] referenceTarget;

    EvidentlyStyleDecider(ModelSpec model, List<GeneratedEvent> reference) {
        this.features = model.features();
        for (FeatureSpec f : features) {
            referenceColumns.add(f.marginal().numeric()
                ? FeatureColumns.numeric(reference, f.name())
                : FeatureColumns.categorical(reference, f.name()));
        }
        this.referenceTarget = target(reference);
    }

    Decision evaluate(List<GeneratedEvent> window) {
        int tested = 0;
        int drifted = 0;
        for (int i = 0; i < features.size(); i++) {
            FeatureSpec f = features.get(i);
            ExactDriftTests.Verdict v = f.marginal().numeric()
                ? ExactDriftTests.numeric((double[]) referenceColumns.get(i), FeatureColumns.numeric(window, f.name()))
                : ExactDriftTests.categorical((String[]) referenceColumns.get(i),
                    FeatureColumns.categorical(window, f.name()));
            tested++;
            if (v.drift()) {
                drifted++;
            }
        }
        String[] target = target(window);
        boolean targetDrift = target.length > 0 && ExactDriftTests.categorical(referenceTarget, target).drift();
        return new Decision(tested, drifted, targetDrift);
    }

    private static String[] target(List<GeneratedEvent> events) {
        List<String> labels = new ArrayList<>();
        for (GeneratedEvent e : events) {
            if (e.outcome() != null && e.outcome().getLabel() != null) {
                labels.add(e.outcome().getLabel());
            }
        }
        return labels.toArray(String[]::new);
    }
}
