package io.driftwatch.topology;

import io.driftwatch.performance.DetectorSet;
import io.driftwatch.report.QualitySections;
import io.driftwatch.schemas.ConceptDriftResult;
import io.driftwatch.state.LiveObjectStore;
import io.driftwatch.topology.bus.BusMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The concept-drift detectors of each model version (ADWIN, DDM, ...: {@code labels.detectors}), fed with its
 * predictions' errors in label-arrival order, and what they signalled since its last window was reported. Their
 * state lives in a changelogged store of the merge stage, so a detector's evidence survives restarts.
 */
final class DetectorsByVersion {

    private static final Logger LOG = LoggerFactory.getLogger(DetectorsByVersion.class);

    private final LiveObjectStore<DetectorSet> detectors;
    private final List<String> detectorIds;
    private final MeterRegistry metrics;
    private final Map<String, Counter> detections = new HashMap<>();

    DetectorsByVersion(LiveObjectStore<DetectorSet> detectors, List<String> detectorIds, MeterRegistry metrics) {
        this.detectors = detectors;
        this.detectorIds = detectorIds;
        this.metrics = metrics;
    }

    void feed(BusMessage.ErrorBatch batch) {
        String versionKey = batch.modelId() + '/' + batch.modelVersion();
        DetectorSet set = detectors.getForUpdate(versionKey, () -> DetectorSet.create(detectorIds, batch.regression()));
        for (double error : batch.errors()) {
            for (String detector : set.update(error)) {
                detections.computeIfAbsent(versionKey + '#' + detector, k -> Counter
                        .builder("driftwatch_concept_drift_detections")
                        .description("Changes signalled by a concept-drift detector on the error stream")
                        .tag("model", batch.modelId()).tag("version", batch.modelVersion())
                        .tag("detector", detector)
                        .register(metrics))
                    .increment();
                LOG.info("Concept drift in {} signalled by {}", versionKey, detector);
            }
        }
    }

    /** The report section of a version's detectors, each signal reported once; empty while it has no detectors. */
    Optional<List<ConceptDriftResult>> reportAndReset(String versionKey) {
        DetectorSet set = detectors.get(versionKey);
        if (set == null) {
            return Optional.empty();
        }
        return Optional.of(QualitySections.conceptDrift(detectors.getForUpdate(versionKey, () -> set).reportAndReset()));
    }
}
