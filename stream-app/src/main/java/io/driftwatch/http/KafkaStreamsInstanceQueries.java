package io.driftwatch.http;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.topology.TopologyStores;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.UnknownStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link InstanceQueries} over a running {@link KafkaStreams}: interactive queries of the
 * latest-reports and active-alerts stores (active replicas only, never stale standbys), and Kafka
 * Streams' metadata to find the other instances.
 *
 * <p>Instances find each other through {@code application.server}, which every instance sets to
 * the {@code host:port} of its own HTTP API ({@link AdvertisedEndpoint}); a {@link HostInfo} maps to
 * {@code http://host:port}. Without it ({@code self} = {@link HostInfo#unavailable()}) the instance
 * behaves as the only one: it answers everything from its own stores.
 *
 * <p>The merge stage, which writes both stores, reads the model-bus topic partitioned by model id
 * with murmur2 of the UTF-8 key (Kafka's default, see {@code BusPartitioner}); so the owner of a
 * model is {@link KafkaStreams#queryMetadataForKey} of its id with the String serializer.
 */
public final class KafkaStreamsInstanceQueries implements InstanceQueries {

    private final KafkaStreams streams;
    private final TopologyStores stores;
    private final HostInfo self;
    private final java.util.function.Supplier<Optional<String>> problem;
    private final java.time.Duration windowGrace;

    public KafkaStreamsInstanceQueries(KafkaStreams streams, TopologyStores stores, HostInfo self) {
        this(streams, stores, self, Optional::empty);
    }

    /** @param problem why the instance cannot make progress although it runs (see {@link InstanceQueries#problem()}) */
    public KafkaStreamsInstanceQueries(KafkaStreams streams, TopologyStores stores, HostInfo self,
                                       java.util.function.Supplier<Optional<String>> problem) {
        this(streams, stores, self, problem, null);
    }

    /** @param windowGrace the configured window.grace, named when the API says why events were late; null if unknown */
    public KafkaStreamsInstanceQueries(KafkaStreams streams, TopologyStores stores, HostInfo self,
                                       java.util.function.Supplier<Optional<String>> problem,
                                       java.time.Duration windowGrace) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.self = Objects.requireNonNull(self, "self (use HostInfo.unavailable() when application.server is not set)");
        this.problem = Objects.requireNonNull(problem, "problem");
        this.windowGrace = windowGrace;
    }

    @Override
    public java.time.Duration windowGrace() {
        return windowGrace;
    }

    @Override
    public Collection<io.driftwatch.topology.LateOnlyVersion> localLateOnlyVersions() {
        List<io.driftwatch.topology.LateOnlyVersion> late = new ArrayList<>();
        this.<byte[]>readEntries(stores.versionProgress()).forEach((key, progress) ->
            io.driftwatch.topology.LateOnlyVersion.fromProgress(key, progress).ifPresent(late::add));
        return late;
    }

    @Override
    public Optional<String> problem() {
        return problem.get();
    }

    /** The API base URL of an instance that advertises {@code host:port} as its {@code application.server}. */
    public static URI baseUrl(HostInfo host) {
        String h = host.host();
        if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return URI.create("http://" + h + ":" + host.port());
    }

    @Override
    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public Collection<WindowReport> localLatestReports() {
        return readAll(stores.latestReports());
    }

    @Override
    public Collection<Alert> localActiveAlerts() {
        List<Alert> firing = new ArrayList<>();
        // The comparison stage's alerts (decisions, rules on comparison figures) are held by its own tasks.
        for (String store : List.of(stores.activeAlerts(), io.driftwatch.comparison.ComparisonStores.defaults().activeAlerts())) {
            for (Alert a : this.<Alert>readAll(store)) {
                if (a.getStatus() == AlertStatus.FIRING) {
                    firing.add(a);
                }
            }
        }
        return firing;
    }

    @Override
    public Collection<io.driftwatch.schemas.ComparisonReport> localComparisons() {
        return readAll(io.driftwatch.comparison.ComparisonStores.defaults().latest());
    }

    @Override
    public Optional<URI> comparisonOwnerOf(String modelId) {
        // The comparison stage's input is keyed by model id, so its tasks are found by the model id.
        return ownerIn(io.driftwatch.comparison.ComparisonStores.defaults().latest(), modelId);
    }

    @Override
    public Optional<URI> ownerOf(String modelId) {
        return ownerIn(stores.latestReports(), modelId);
    }

    private Optional<URI> ownerIn(String storeName, String modelId) {
        if (!advertised(self)) {
            return Optional.empty();
        }
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(storeName, modelId, Serdes.String().serializer());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw unavailable("the owner of model '" + modelId + "'", e);
        }
        if (metadata == null) {
            throw new IllegalStateException("Kafka Streams knows no source topic of store '" + storeName
                + "'; the topology and the TopologyStores given to the HTTP API do not match");
        }
        HostInfo active = metadata.activeHost();
        if (!advertised(active)) {
            throw new StoreUnavailableException("No instance holds the state of model '" + modelId
                + "' right now (Kafka Streams is " + streams.state() + "); retry shortly");
        }
        return active.equals(self) ? Optional.empty() : Optional.of(baseUrl(active));
    }

    @Override
    public List<URI> otherInstances() {
        if (!advertised(self)) {
            return List.of();
        }
        Collection<StreamsMetadata> all;
        try {
            all = streams.metadataForAllStreamsClients();
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw unavailable("the other instances", e);
        }
        Set<URI> others = new LinkedHashSet<>();
        for (StreamsMetadata m : all) {
            if (advertised(m.hostInfo()) && !m.hostInfo().equals(self)) {
                others.add(baseUrl(m.hostInfo()));
            }
        }
        return List.copyOf(others);
    }

    private <V> List<V> readAll(String storeName) {
        return new ArrayList<>(this.<V>readEntries(storeName).values());
    }

    private <V> java.util.Map<String, V> readEntries(String storeName) {
        try {
            ReadOnlyKeyValueStore<String, V> store = streams.store(
                StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore()));
            java.util.Map<String, V> entries = new java.util.LinkedHashMap<>();
            try (KeyValueIterator<String, V> it = store.all()) {
                it.forEachRemaining(kv -> entries.put(kv.key, kv.value));
            }
            return entries;
        } catch (UnknownStateStoreException e) {
            throw new IllegalStateException("The topology has no store '" + storeName
                + "'; the topology and the TopologyStores given to the HTTP API do not match", e);
        } catch (InvalidStateStoreException e) {
            if (holdsNoActiveTask(storeName)) {
                // Kafka Streams says the same ("may have migrated") of a store this instance has no task of at
                // all, as with fewer partitions than instances: it holds none of that state, so it has nothing to
                // add, now or after a retry.
                return java.util.Map.of();
            }
            throw unavailable("store '" + storeName + "'", e);
        } catch (IllegalStateException e) {
            throw unavailable("store '" + storeName + "'", e);
        }
    }

    /**
     * Whether this instance runs and its current assignment gives it no active task with {@code storeName}
     * (as opposed to one that is still restoring or moving).
     */
    private boolean holdsNoActiveTask(String storeName) {
        if (streams.state() != KafkaStreams.State.RUNNING || !advertised(self)) {
            return false;
        }
        try {
            for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
                if (m.hostInfo().equals(self) && m.stateStoreNames().contains(storeName)) {
                    return false;
                }
            }
            return true;
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return false;
        }
    }

    /**
     * Kafka Streams throws {@link InvalidStateStoreException} while starting or rebalancing, and
     * {@link IllegalStateException} once it is shutting down or has failed: neither is the request's fault.
     */
    private StoreUnavailableException unavailable(String what, RuntimeException cause) {
        return new StoreUnavailableException("Cannot read " + what + " now: Kafka Streams is " + streams.state()
            + " (" + cause.getMessage() + "); retry shortly", cause);
    }

    private static boolean advertised(HostInfo host) {
        return host != null && host.port() > 0 && !host.equals(HostInfo.unavailable());
    }
}
