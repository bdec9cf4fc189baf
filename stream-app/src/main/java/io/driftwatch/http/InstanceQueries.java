package io.driftwatch.http;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.WindowReport;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What one Driftwatch instance can tell the HTTP API: its own Kafka Streams state, the contents of
 * its own state stores, and where the rest of the cluster's state lives. The HTTP layer answers
 * from this alone, so it can be tested without Kafka; {@link KafkaStreamsInstanceQueries} is the
 * implementation over a running {@link KafkaStreams}.
 *
 * <p>Methods that read state stores or cluster metadata throw {@link StoreUnavailableException}
 * when that cannot be done right now (Kafka Streams not started yet, or rebalancing); the API then
 * answers 503 with a {@code Retry-After} hint.
 */
public interface InstanceQueries {

    /** The Kafka Streams state of this instance. */
    KafkaStreams.State state();

    /** The latest window report of every model version whose state this instance holds (its latest-reports store). */
    Collection<WindowReport> localLatestReports();

    /**
     * The model versions whose state this instance holds that have no report yet but late events
     * (see {@link io.driftwatch.topology.LateOnlyVersion}), so /api/models can say they exist and why they have none.
     */
    default Collection<io.driftwatch.topology.LateOnlyVersion> localLateOnlyVersions() {
        return List.of();
    }

    /** The configured window.grace, for saying why events were late; null when not known. */
    default java.time.Duration windowGrace() {
        return null;
    }

    /** The FIRING alerts of the models whose state this instance holds (its active-alerts store). */
    Collection<Alert> localActiveAlerts();

    /**
     * The API base URL (e.g. {@code http://10.0.0.7:8080}) of the other instance that holds the state
     * of {@code modelId}, or empty when this instance holds it (or is the only one). The model need
     * not be known: the answer says where its state would be.
     */
    Optional<URI> ownerOf(String modelId);

    /** The API base URLs of every other instance of the application; empty for a single instance. */
    List<URI> otherInstances();

    /** Why this instance cannot make progress although Kafka Streams runs (a failure that keeps coming back), or empty. */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /**
     * Why this instance is not ready yet although nothing is wrong with it (e.g. it waits for Kafka), or
     * empty; {@code /ready} and {@code /health} say it beside the state.
     */
    default Optional<String> notReadyReason() {
        return Optional.empty();
    }

    /** The latest report of each comparison whose task runs on this instance (docs/comparisons.md). */
    default Collection<io.driftwatch.schemas.ComparisonReport> localComparisons() {
        return List.of();
    }

    /** The instance holding {@code modelId}'s comparisons when it is another one; empty when it is this one. */
    default Optional<URI> comparisonOwnerOf(String modelId) {
        return Optional.empty();
    }
}
