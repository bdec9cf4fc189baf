package io.driftwatch.topology;

import io.driftwatch.profile.WindowKey;
import io.driftwatch.profile.WindowProfile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when a closed window had more distinct features than {@code profile.max.features}: a counter
 * of the values not profiled per model, and one warning per model version and task. Usually a
 * producer that puts ids or timestamps into feature names; without the cap such a model's profiles
 * would grow until they could no longer be written and every model's processing stopped.
 */
final class FeatureCapNotices {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureCapNotices.class);

    private final MeterRegistry metrics;
    private final Set<String> warned = new HashSet<>();

    FeatureCapNotices(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    void windowClosed(WindowKey key, WindowProfile profile) {
        long dropped = profile.droppedFeatureValues();
        if (dropped == 0) {
            return;
        }
        Counter.builder("driftwatch_feature_values_dropped")
            .description("Feature values not profiled because their window already had profile.max.features features")
            .tag("model", key.modelId())
            .register(metrics)
            .increment(dropped);
        if (warned.add(key.modelVersionKey())) {
            LOG.warn("{}/{}: the window starting {} had more than profile.max.features={} distinct features; {} values of"
                    + " the features beyond them were not profiled. Are ids or timestamps in the feature names? (Warned"
                    + " once per model version; driftwatch_feature_values_dropped_total counts every window.)",
                key.modelId(), key.modelVersion(), java.time.Instant.ofEpochMilli(key.windowStart()),
                profile.settings().maxFeatures(), dropped);
        }
    }
}
