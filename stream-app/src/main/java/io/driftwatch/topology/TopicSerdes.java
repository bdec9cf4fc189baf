package io.driftwatch.topology;

import io.driftwatch.ingest.InputDecoder;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;
import org.apache.kafka.common.serialization.Serde;

/** How each external topic's values are read and written (Avro through the registry, or JSON). */
public interface TopicSerdes {

    InputDecoder<PredictionEvent> predictions();

    InputDecoder<OutcomeEvent> outcomes();

    Serde<ReferenceProfile> baselines();

    Serde<WindowReport> windowReports();

    Serde<Alert> alerts();

    Serde<AuditRecord> audit();

    /** Comparison reports (canary, shadow, A/B); Avro binary unless the implementation says otherwise. */
    default Serde<io.driftwatch.schemas.ComparisonReport> comparisons() {
        return new io.driftwatch.topology.serde.AvroBinarySerde<>(io.driftwatch.schemas.ComparisonReport.class);
    }
}
