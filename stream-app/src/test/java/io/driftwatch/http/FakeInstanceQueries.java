package io.driftwatch.http;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.WindowReport;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;

/** An instance's state for tests: what its stores hold, who owns which model, and how often it was asked. */
final class FakeInstanceQueries implements InstanceQueries {

    volatile KafkaStreams.State state = KafkaStreams.State.RUNNING;
    /** Why the instance cannot progress, or null. */
    volatile String problem;
    final List<WindowReport> reports = new CopyOnWriteArrayList<>();
    final List<Alert> alerts = new CopyOnWriteArrayList<>();
    final List<ComparisonReport> comparisons = new CopyOnWriteArrayList<>();
    /** Models held by another instance, and its URL; every other model is held here. */
    final Map<String, URI> owners = new ConcurrentHashMap<>();
    final List<URI> others = new CopyOnWriteArrayList<>();
    /** When set, reading the stores fails as during a rebalance. */
    volatile boolean rebalancing;
    /** Runs on every store read, before it answers (to hold a request in flight). */
    volatile Runnable onRead = () -> { };
    final AtomicInteger ownerLookups = new AtomicInteger();
    final AtomicInteger storeReads = new AtomicInteger();

    @Override
    public KafkaStreams.State state() {
        return state;
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public Collection<WindowReport> localLatestReports() {
        read();
        return new ArrayList<>(reports);
    }

    @Override
    public Collection<Alert> localActiveAlerts() {
        read();
        return new ArrayList<>(alerts);
    }

    /** Not a counted store read: no test of the comparisons endpoint holds or fails a read. */
    @Override
    public Collection<ComparisonReport> localComparisons() {
        return new ArrayList<>(comparisons);
    }

    @Override
    public Optional<URI> ownerOf(String modelId) {
        ownerLookups.incrementAndGet();
        return Optional.ofNullable(owners.get(modelId));
    }

    @Override
    public List<URI> otherInstances() {
        return List.copyOf(others);
    }

    private void read() {
        storeReads.incrementAndGet();
        onRead.run();
        if (rebalancing) {
            throw new StoreUnavailableException("Cannot read store 'latest-reports' now: Kafka Streams is REBALANCING");
        }
    }
}
