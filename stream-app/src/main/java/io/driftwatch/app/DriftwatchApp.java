package io.driftwatch.app;

import io.driftwatch.alerting.RulesSource;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.SecretRedactor;
import io.driftwatch.http.AdvertisedEndpoint;
import io.driftwatch.http.DriftwatchHttpServer;
import io.driftwatch.http.KafkaStreamsInstanceQueries;
import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.topology.TopologyStores;
import io.driftwatch.schemas.AvroClassTrust;
import io.driftwatch.topology.DriftwatchTopology;
import io.driftwatch.topology.TopologyDependencies;
import io.driftwatch.topology.labels.JoinLayoutDecision;
import io.driftwatch.topology.labels.LabelJoinProcessor;
import io.driftwatch.topology.labels.PendingPredictionLayout;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Driftwatch instance: the Kafka Streams topology, its metrics, and its HTTP endpoints.
 * Several instances with the same {@code application.id} share the work; Kafka Streams spreads the
 * partitions and their state between them.
 */
public final class DriftwatchApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DriftwatchApp.class);

    private final DriftwatchConfig config;
    private final PrometheusMeterRegistry registry;
    private final ConfiguredTopicSerdes serdes;
    private final KafkaStreams streams;
    private final Properties streamsProperties;
    private final DriftwatchHttpServer http;
    private final BrokerEndOffsets endOffsets;
    private final StreamFailures failures;
    private final CleanShutdownMarker shutdownMarker;
    private final WindowLayoutLog windowLayouts;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final FailedThreadMembership failedMembers;
    private KafkaStreamsMetrics streamsMetrics;
    private HangingTransactionWatch transactionWatch;

    private DriftwatchApp(DriftwatchConfig config, PrometheusMeterRegistry registry, ConfiguredTopicSerdes serdes,
                          KafkaStreams streams, Properties streamsProperties, DriftwatchHttpServer http,
                          BrokerEndOffsets endOffsets, StreamFailures failures, CleanShutdownMarker shutdownMarker,
                          WindowLayoutLog windowLayouts) {
        this.http = http;
        this.windowLayouts = windowLayouts;
        this.shutdownMarker = shutdownMarker;
        this.endOffsets = endOffsets;
        this.failures = failures;
        this.config = config;
        this.registry = registry;
        this.serdes = serdes;
        this.streams = streams;
        this.streamsProperties = streamsProperties;
        this.failedMembers = FailedThreadMembership.of(streamsProperties, adminProperties(streamsProperties));
    }

    /** Builds the instance (nothing runs until {@link #start()}); a bad rules file fails here, with every problem. */
    public static DriftwatchApp create(DriftwatchConfig config, Clock clock) {
        AvroClassTrust.trustSchemaClasses();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (!config.http().kafkaMetrics()) {
            // Before any meter exists: a filter applies only to meters registered after it.
            registry.config().meterFilter(io.driftwatch.metrics.KafkaMetricsSubset.filter());
        }
        RulesSource rules = config.alerts().rulesFile() == null ? RulesSource.defaults(config.alerts().runbookLinks())
            : RulesSource.watching(config.alerts().rulesFile(), config.alerts().runbookLinks());
        ConfiguredTopicSerdes serdes = new ConfiguredTopicSerdes(config, clock);
        Properties props = StreamsSettings.of(config);
        props.put(RecordFailureHandler.REGISTRY, registry);
        // The HTTP server starts first: /health answers at once (and /ready says why not yet) while Kafka
        // is awaited, and other instances must be told the port actually bound (http.port=0).
        DriftwatchHttpServer http = new DriftwatchHttpServer(registry, DriftwatchHttpServer.Options.defaults());
        try {
            http.start(config.http().host(), config.http().port());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot serve HTTP on " + config.http().host() + ":" + config.http().port()
                + " (" + e.getMessage() + "); choose another http.port, or 0 for any free port.", e);
        }
        BrokerEndOffsets endOffsets;
        Topology topology;
        WindowLayoutLog windowLayouts = new WindowLayoutLog(adminProperties(props), clientProperties(props),
            props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        try {
            awaitKafka(adminProperties(props), http);
            endOffsets = BrokerEndOffsets.start(adminProperties(props),
                props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), List.of(config.topics().predictions()),
                config.windows().heartbeatInterval(), config.windows().idleTimeout());
            // One Admin request for both inputs: this is on every restart's path.
            Map<String, Integer> partitions = partitionCounts(config.labels().enabled()
                ? List.of(config.topics().predictions(), config.topics().outcomes())
                : List.of(config.topics().predictions()), props);
            // Read (and on a change of window.size, written) before any task cuts a window, then followed.
            AgreedWindowLayout windows = windowLayouts.agree(config.windows().size(), clock.millis());
            windowLayouts.follow(windows, config.windows().size());
            topology = DriftwatchTopology.build(config,
                TopologyDependencies.of(serdes, registry, rules, clock, config.http().maxFeatureSeries())
                    .withInputPartitions(partitions.get(config.topics().predictions()))
                    .withWindowLayout(windows)
                    .withEndOffsets(endOffsets)
                    .withLabelJoin(labelJoinLayout(config, partitions)));
        } catch (RuntimeException e) {
            http.close();
            windowLayouts.close();
            throw e;
        }
        AdvertisedEndpoint self = props.containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG)
            ? AdvertisedEndpoint.fromApplicationServer(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG))
            : AdvertisedEndpoint.of(config.http(), http.port());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.applicationServer());
        TaskDirectories tasks = TaskDirectories.of(StreamsSettings.stateDir(props),
            props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        CleanShutdownMarker shutdownMarker = new CleanShutdownMarker(tasks);
        List<java.nio.file.Path> discarded = shutdownMarker.discardStateOfUncleanStop(
            StreamsConfig.EXACTLY_ONCE_V2.equals(props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
        if (!discarded.isEmpty()) {
            LOG.info("The last run did not stop cleanly: the local state of {} tasks is rebuilt from the changelogs"
                + " (under exactly-once it cannot be trusted after a crash)", discarded.size());
        }
        if (config.labels().enabled()) {
            PendingPredictionLayout pending = PendingPredictionLayout.of(config.labels().horizon(), config.windows().size());
            List<java.nio.file.Path> rebuilt = new PendingPredictionSegments(tasks,
                LabelJoinProcessor.JoinStores.defaults().predictions()).discardOtherWidths(pending.bucketMs());
            if (!rebuilt.isEmpty()) {
                LOG.warn("labels.horizon or window.size changed since the label join's waiting predictions were stored:"
                    + " the local state of {} tasks is rebuilt from the changelogs, so that every prediction stored"
                    + " before the change is still found by its outcome", rebuilt.size());
            }
        }
        KafkaStreams streams = new KafkaStreams(topology, props);
        StreamFailures failures = new StreamFailures(clock);
        http.serve(new KafkaStreamsInstanceQueries(streams, TopologyStores.defaults(), self.hostInfo(), failures::problem,
            config.windows().grace()));
        return new DriftwatchApp(config, registry, serdes, streams, props, http, endOffsets, failures, shutdownMarker,
            windowLayouts);
    }

    /** How long one attempt to reach Kafka waits, and the pause between attempts. */
    private static final Duration KAFKA_ATTEMPT = Duration.ofSeconds(15);
    private static final Duration KAFKA_RETRY = Duration.ofSeconds(5);

    /**
     * Waits, as a service should, until a broker answers: logs why not on each attempt and has /ready say
     * it. Kafka Streams itself would wait too, but silently and without opening the HTTP endpoints.
     */
    private static void awaitKafka(Map<String, Object> admin, DriftwatchHttpServer http) {
        Object bootstrap = admin.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        http.serve(new io.driftwatch.http.StartingQueries("connecting to Kafka at " + bootstrap));
        for (int attempt = 1; ; attempt++) {
            java.util.Optional<String> problem = KafkaReachability.problem(admin, KAFKA_ATTEMPT);
            if (problem.isEmpty()) {
                if (attempt > 1) {
                    LOG.info("Kafka at {} answers; starting", bootstrap);
                }
                return;
            }
            String reason = "cannot reach Kafka at " + bootstrap + " (" + problem.get() + ")";
            http.serve(new io.driftwatch.http.StartingQueries(reason + "; retrying"));
            LOG.warn("Waiting for Kafka: {}; attempt {}, retrying in {} s. Check bootstrap.servers;"
                + " /health answers meanwhile and /ready says why it is not ready.", reason, attempt, KAFKA_RETRY.toSeconds());
            pauseBeforeRetry("waiting for Kafka at " + bootstrap);
        }
    }

    /**
     * Where the label join runs, from {@code labels.join.layout} and the input topics' partition counts;
     * said in the log, because it decides how much the broker has to write per prediction.
     */
    private static JoinLayoutDecision labelJoinLayout(DriftwatchConfig config, Map<String, Integer> partitions) {
        if (!config.labels().enabled()) {
            return JoinLayoutDecision.unknownTopics();
        }
        JoinLayoutDecision decision = JoinLayoutDecision.decide(config.labels().joinLayout(),
            config.topics().predictions(), partitions.get(config.topics().predictions()),
            config.topics().outcomes(), partitions.get(config.topics().outcomes()));
        LOG.info("Label join layout: {}, because {}", decision.layout().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
            decision.reason());
        return decision;
    }

    /** Waits {@link #KAFKA_RETRY} before asking Kafka again; an interrupt stops start-up. */
    private static void pauseBeforeRetry(String what) {
        try {
            Thread.sleep(KAFKA_RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while " + what, e);
        }
    }

    /** Partitions of each topic, 0 for one that cannot be described now (start() then names the problem). */
    private static Map<String, Integer> partitionCounts(List<String> topics, Properties props) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        try (Admin client = Admin.create(adminProperties(props))) {
            Map<String, org.apache.kafka.common.KafkaFuture<org.apache.kafka.clients.admin.TopicDescription>> described =
                client.describeTopics(topics).topicNameValues();
            for (String topic : topics) {
                try {
                    counts.put(topic, described.get(topic).get(30, TimeUnit.SECONDS).partitions().size());
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
                    counts.put(topic, undescribed(topic, e));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            topics.forEach(t -> counts.putIfAbsent(t, undescribed(t, e)));
        }
        topics.forEach(t -> counts.putIfAbsent(t, 0));
        return counts;
    }

    private static int undescribed(String topic, Exception e) {
        LOG.warn("Cannot describe topic {} ({}); windows wait only for partitions already heard from, and the label"
            + " join is repartitioned, or start-up stops if labels.join.layout is co-partitioned or co-partitioned-strict", topic,
            e.getCause() == null ? e.toString() : e.getCause().toString());
        return 0;
    }

    /** Base URL of this instance's HTTP endpoints, e.g. http://127.0.0.1:8080. */
    public String httpUrl() {
        return http.url();
    }

    /** Checks that the input topics exist, then starts processing. */
    public void start() {
        LOG.info("Starting Driftwatch {} with {}", version(), SecretRedactor.redact(asMap(streamsProperties)));
        FormatLocale.useUnitedStates().ifPresent(before -> LOG.info("Format locale set to en-US (was {}): Kafka Streams"
            + " formats a message per record of a task with an empty input, and that costs a locale lookup per record"
            + " under any other locale", before.toLanguageTag()));
        List<String> missing = missingInputsOnceKafkaAnswers();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Input topics " + missing + " do not exist. Create them with"
                + " 'driftwatch topics create --bootstrap-server " + streamsProperties.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)
                + "', or set topic.predictions / topic.outcomes / topic.baselines to the topics you use.");
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        Gauge.builder("driftwatch_streams_ready", streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
            .description("1 when Kafka Streams is RUNNING").register(registry);
        StateRestoreProgress restoreProgress = new StateRestoreProgress(registry, Clock.systemUTC());
        streams.setGlobalStateRestoreListener(restoreProgress);
        List<String> outputs = List.of(config.topics().alerts(), config.topics().windowReports(), config.topics().audit(),
            config.topics().comparisons(), config.topics().deadLetter(), config.topics().baselines());
        transactionWatch = new HangingTransactionWatch(Admin.create(adminProperties()), restoreProgress,
            streamsProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), this::assignedInputs, outputs,
            config.hangingTransactions(), transactionTimeoutMs(),
            String.valueOf(streamsProperties.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)), registry, Clock.systemUTC()).start();
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams: {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            failedMembers.release(Thread.currentThread());
            failures.failed(e);
            failures.problem().ifPresent(p -> LOG.error("Driftwatch is unhealthy (/health and /ready answer 503): {}", p));
            LOG.error("A stream thread failed; replacing it (processing resumes from the last commit): {}", e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        LOG.info("HTTP endpoints at {} (/metrics, /health, /ready, /api/models, /api/alerts)", http.url());
    }

    /**
     * The input topics that do not exist. Kafka answered moments ago ({@link #create}), but it may go
     * away again before this question (a broker restarting with the instance): then wait and ask
     * again, as a service should, instead of exiting on the Admin client's timeout.
     */
    private List<String> missingInputsOnceKafkaAnswers() {
        for (int attempt = 1; ; attempt++) {
            try (Admin admin = Admin.create(adminProperties())) {
                return new TopicProvisioner(admin).missingInputs(config.topics(), config.labels().enabled());
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)) {
                    throw e;
                }
                LOG.warn("Waiting for Kafka: {}; attempt {}, retrying in {} s. /health answers meanwhile.",
                    e.getMessage(), attempt, KAFKA_RETRY.toSeconds());
                pauseBeforeRetry("checking topics");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while checking topics", e);
            }
        }
    }

    /** The input partitions of this instance's active tasks, none while Kafka Streams is not running. */
    private java.util.Set<org.apache.kafka.common.TopicPartition> assignedInputs() {
        try {
            return streams.metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream()).collect(java.util.stream.Collectors.toSet());
        } catch (IllegalStateException notRunning) {
            return java.util.Set.of();
        }
    }

    /** The transaction timeout of this instance's producers: Kafka Streams' exactly-once default unless overridden. */
    private long transactionTimeoutMs() {
        Object timeout = new StreamsConfig(streamsProperties).getProducerConfigs("driftwatch")
            .get(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        return timeout == null ? 60_000 : Long.parseLong(timeout.toString());
    }

    private static Map<String, Object> asMap(Properties p) {
        Map<String, Object> m = new java.util.TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    Map<String, Object> adminProperties() {
        return adminProperties(streamsProperties);
    }

    private static Map<String, Object> adminProperties(Properties streamsProperties) {
        return clientProperties(streamsProperties, AdminClientConfig.configNames());
    }

    /** What a plain producer and consumer of the application need: the settings both know (bootstrap, security). */
    private static Map<String, Object> clientProperties(Properties streamsProperties) {
        java.util.Set<String> both = new java.util.HashSet<>(org.apache.kafka.clients.producer.ProducerConfig.configNames());
        both.retainAll(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
        return clientProperties(streamsProperties, both);
    }

    private static Map<String, Object> clientProperties(Properties streamsProperties, java.util.Set<String> names) {
        Map<String, Object> client = new java.util.HashMap<>();
        for (String key : streamsProperties.stringPropertyNames()) {
            if (names.contains(key)) {
                client.put(key, streamsProperties.getProperty(key));
            }
        }
        client.putIfAbsent(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, streamsProperties.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        return client;
    }

    /** Waits until Kafka Streams is RUNNING; false if it is not within the timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Blocks until the instance stops (closed, or Kafka Streams failed for good). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public ConfiguredTopicSerdes serdes() {
        return serdes;
    }

    public DriftwatchConfig config() {
        return config;
    }

    public static String version() {
        String v = DriftwatchApp.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    @Override
    public void close() {
        LOG.info("Stopping Driftwatch");
        http.close();
        // Leave the group explicitly: the next instance (or this one restarted) gets the tasks at once,
        // without waiting out the session timeout.
        boolean closed = streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
        if (closed) {
            shutdownMarker.markClean();
        }
        endOffsets.close();
        windowLayouts.close();
        if (transactionWatch != null) {
            transactionWatch.close();
        }
        failedMembers.close();
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        serdes.close();
        registry.close();
        stopped.countDown();
    }
}
