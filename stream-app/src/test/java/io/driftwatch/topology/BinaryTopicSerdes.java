package io.driftwatch.topology;

import io.driftwatch.ingest.InputDecoder;
import io.driftwatch.ingest.Rejection;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.topology.serde.AvroBinarySerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain Avro binary on every topic, so topology tests exercise the topology and not the registry
 * wire format, which has its own tests in the schemas module.
 */
final class BinaryTopicSerdes implements TopicSerdes {

    final AvroBinarySerde<PredictionEvent> predictionSerde = new AvroBinarySerde<>(PredictionEvent.class);
    final AvroBinarySerde<OutcomeEvent> outcomeSerde = new AvroBinarySerde<>(OutcomeEvent.class);
    final AvroBinarySerde<ReferenceProfile> baselineSerde = new AvroBinarySerde<>(ReferenceProfile.class);
    final AvroBinarySerde<WindowReport> reportSerde = new AvroBinarySerde<>(WindowReport.class);
    final AvroBinarySerde<Alert> alertSerde = new AvroBinarySerde<>(Alert.class);
    final AvroBinarySerde<AuditRecord> auditSerde = new AvroBinarySerde<>(AuditRecord.class);

    @Override
    public InputDecoder<PredictionEvent> predictions() {
        return decoder(predictionSerde);
    }

    @Override
    public InputDecoder<OutcomeEvent> outcomes() {
        return decoder(outcomeSerde);
    }

    private static <T extends SpecificRecord> InputDecoder<T> decoder(AvroBinarySerde<T> serde) {
        return (topic, headers, value) -> {
            try {
                return InputDecoder.Result.accepted(serde.deserializer().deserialize(topic, value));
            } catch (RuntimeException e) {
                return InputDecoder.Result.rejected(new Rejection("AVRO_DECODE_ERROR", e.getMessage(), e.getClass().getName()));
            }
        };
    }

    @Override
    public Serde<ReferenceProfile> baselines() {
        return baselineSerde;
    }

    @Override
    public Serde<WindowReport> windowReports() {
        return reportSerde;
    }

    @Override
    public Serde<Alert> alerts() {
        return alertSerde;
    }

    @Override
    public Serde<AuditRecord> audit() {
        return auditSerde;
    }
}
