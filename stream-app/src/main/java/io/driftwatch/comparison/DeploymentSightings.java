package io.driftwatch.comparison;

import io.driftwatch.ingest.Ingested;
import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads accepted predictions for what comparisons need of single events: which deployment role each
 * version had in each window (sent once per version, role and window from this task, keyed by
 * model), and every prediction that names its request (keyed model/request_id, for shadow pairing).
 * The seen-set is a bounded in-memory cache: forgetting it only repeats an idempotent sighting.
 *
 * <p>It reads the ingest stage's output as it is and skips dead letters itself: a filter and a
 * mapping node in front of it were two more node visits and a record copy for every prediction
 * (bench/RESULTS.md, issue #14).
 */
public final class DeploymentSightings implements Processor<byte[], Ingested<PredictionEvent>, String, ComparisonInput> {

    private static final int REMEMBERED = 10_000;

    private final AgreedWindowLayout windows;
    private ProcessorContext<String, ComparisonInput> context;
    // Keyed by the event's own strings (the decoder hands out the same instances, with their hashes cached)
    // rather than by a string made from them for every event.
    private final Map<Sighting, Boolean> seen = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sighting, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    public DeploymentSightings(AgreedWindowLayout windows) {
        this.windows = windows;
    }

    @Override
    public void init(ProcessorContext<String, ComparisonInput> context) {
        this.context = context;
        // init runs again when Kafka Streams revives the task after an aborted transaction; a sighting
        // remembered from the aborted part was never sent, so the replay must send it again.
        seen.clear();
    }

    @Override
    public void process(Record<byte[], Ingested<PredictionEvent>> record) {
        if (!(record.value() instanceof Ingested.Accepted<PredictionEvent> accepted)) {
            return;
        }
        PredictionEvent e = accepted.event();
        long time = e.getEventTime().toEpochMilli();
        long windowStart = windows.current().startOf(time);
        String role = e.getDeploymentRole();
        if (seen.put(new Sighting(e.getModelId(), e.getModelVersion(), role, windowStart), Boolean.TRUE) == null) {
            context.forward(record.withKey(e.getModelId())
                .withValue(new ComparisonInput.RoleSeen(e.getModelId(), e.getModelVersion(), role, windowStart)));
        }
        if (e.getRequestId() != null && !e.getError()) {
            Prediction p = e.getPrediction();
            double score = p == null || p.getScore() == null ? (p == null || p.getValue() == null ? Double.NaN : p.getValue())
                : p.getScore();
            context.forward(record.withKey(e.getModelId() + '/' + e.getRequestId())
                .withValue(new ComparisonInput.Scored(e.getModelId(), e.getModelVersion(), role, e.getRequestId(),
                    p == null ? null : p.getLabel(), score, time)));
        }
    }

    private record Sighting(String modelId, String modelVersion, String role, long windowStart) {}
}
