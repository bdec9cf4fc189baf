package io.driftwatch.http;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.WindowReport;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What an instance answers before Kafka Streams exists: alive (CREATED), not ready, and why — e.g.
 * {@code cannot reach Kafka at kafka:9092 (no broker answered within 15 s); retrying}. The API asks
 * the client to retry with the same reason.
 */
public final class StartingQueries implements InstanceQueries {

    private final String reason;

    public StartingQueries(String reason) {
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public KafkaStreams.State state() {
        return KafkaStreams.State.CREATED;
    }

    @Override
    public Optional<String> notReadyReason() {
        return Optional.of(reason);
    }

    @Override
    public Collection<WindowReport> localLatestReports() {
        throw starting();
    }

    @Override
    public Collection<Alert> localActiveAlerts() {
        throw starting();
    }

    @Override
    public Optional<URI> ownerOf(String modelId) {
        throw starting();
    }

    @Override
    public List<URI> otherInstances() {
        throw starting();
    }

    @Override
    public Collection<io.driftwatch.schemas.ComparisonReport> localComparisons() {
        throw starting();
    }

    @Override
    public Optional<URI> comparisonOwnerOf(String modelId) {
        throw starting();
    }

    private StoreUnavailableException starting() {
        return new StoreUnavailableException("Driftwatch is starting: " + reason + "; retry shortly");
    }
}
