package io.driftwatch.topology;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.ingest.IngestProcessor;
import io.driftwatch.ingest.KeyRule;
import io.driftwatch.ingest.Ingested;
import io.driftwatch.performance.DetectorSet;
import io.driftwatch.performance.WindowQuality;
import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.report.QualitySections;
import io.driftwatch.report.WindowReportBuilder;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.state.LiveObjectBudget;
import io.driftwatch.state.LiveObjectStoreBuilder;
import io.driftwatch.state.ObjectCodec;
import io.driftwatch.state.StorePlacement;
import io.driftwatch.topology.bus.BusMessage;
import io.driftwatch.topology.bus.BusMessageSerde;
import io.driftwatch.topology.bus.BusPartitioner;
import io.driftwatch.topology.labels.JoinInput;
import io.driftwatch.topology.labels.JoinLayoutDecision;
import io.driftwatch.topology.labels.JoinOutput;
import io.driftwatch.topology.labels.JoinRoutes;
import io.driftwatch.topology.labels.LabelJoinProcessor;
import io.driftwatch.topology.labels.PendingPredictionLayout;
import io.driftwatch.topology.serde.AvroBinarySerde;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires Driftwatch's stages into a Kafka Streams topology. Only wiring lives here; each stage is
 * its own processor.
 *
 * <pre>
 * predictions ─ ingest ─┬─ dead letters ─────────────────────────────────────────────────▶ dead-letter
 *                       ├─ partial profiles per input partition (stage 1) ──┐
 *                       └─ prediction facts ─┐                              │
 * outcomes ──── ingest ─┬─ dead letters ─────┼──────────────────────────────┼────────────▶ dead-letter
 *                       └─ outcome facts ────┴▶ label-join (by prediction id)┤
 *                      (where the events arrive when co-partitioned; else through the label-join topic;
 *                       strict co-partitioned: a record keyed otherwise is a dead letter at ingest)
 *                                              quality deltas, error batches ▼
 *                               model-bus (internal, by model id; watermarks to every partition)
 *                                                                            ▼
 *          merge per model version, close windows, compare, quality, revisions (stage 2) ─┬─▶ window-reports
 *          rules → alert transitions; audit chain per model (hash-linked)                 ├─▶ alerts, audit
 *   baselines (global store) ─────────────────────────────────────────────────────▶ read  └─▶ baselines (captured)
 *   dead letters ─ per-window counts ─▶ model-bus ─▶ system audit chain
 *   predictions (roles, request ids) + window reports ─▶ comparison stage ─▶ comparisons, alerts, audit
 *   label-join ─ outcomes of primary predictions with a request_id ─▶ comparison stage (shadow pairing; split off
 *                before the bus merge, never on the model-bus)   (see io.driftwatch.comparison.ComparisonStage)
 * </pre>
 */
public final class DriftwatchTopology {

    private DriftwatchTopology() {
    }

    public static Topology build(DriftwatchConfig config, TopologyDependencies deps) {
        return build(config, deps, TopologyStores.defaults(), true);
    }

    public static Topology build(DriftwatchConfig config, TopologyDependencies deps,
                                 TopologyStores stores, boolean persistentStores) {
        TopicSerdes serdes = deps.serdes();
        MeterRegistry metrics = deps.registry();
        StreamsBuilder builder = new StreamsBuilder();
        DriftwatchConfig.TopicNames topics = config.topics();
        Duration heartbeat = config.windows().heartbeatInterval();
        ClockLead lead = new ClockLead(deps.clock(), config.windows().maxLead().toMillis());
        AgreedWindowLayout windows = deps.windowLayout(config.windows());

        builder.addGlobalStore(
            Stores.keyValueStoreBuilder(kv(stores.publishedBaselines(), persistentStores),
                    Serdes.String(), new AvroBinarySerde<>(ReferenceProfile.class))
                .withLoggingDisabled(),
            topics.baselines(),
            Consumed.with(Serdes.String(), serdes.baselines()).withName("baselines-source"),
            () -> new BaselineStoreUpdater(stores.publishedBaselines()));

        // Profiles, baselines and report history grow with traffic and live in RocksDB; bookkeeping
        // bounded by model versions and fingerprints lives in memory (StorePlacement says why).
        // One bound for the instance: windows the merge stage holds for a partition that lags (a backlog) wait in
        // RocksDB, not decoded on the heap (LiveObjectBudget says why).
        LiveObjectBudget windowMemory = new LiveObjectBudget(config.windows().memoryMaxBytes());
        io.micrometer.core.instrument.Gauge.builder("driftwatch_state_decoded_bytes", windowMemory, LiveObjectBudget::used)
            .description("Serialized size of the window state this instance keeps decoded in memory (bound:"
                + " window.memory.max.bytes, which state in use may exceed)")
            .register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("driftwatch_state_reads", windowMemory,
                LiveObjectBudget::reads)
            .description("Window state decoded from RocksDB because it was not in memory: dropped over the bound, or"
                + " after a restart or restore")
            .register(metrics);
        WindowProfileCodec profiles = new WindowProfileCodec();
        builder.addStateStore(new LiveObjectStoreBuilder<>(stores.partialWindows(), persistentStores, profiles, windowMemory));
        builder.addStateStore(new LiveObjectStoreBuilder<>(stores.mergedWindows(), persistentStores, profiles, windowMemory));
        builder.addStateStore(new LiveObjectStoreBuilder<>(stores.windowQuality(), persistentStores, QUALITY, windowMemory));
        builder.addStateStore(new LiveObjectStoreBuilder<>(stores.reportedWindows(), persistentStores,
            new ReportedWindow.Codec(), windowMemory));
        builder.addStateStore(Stores.keyValueStoreBuilder(kv(stores.pendingBaselines(), persistentStores),
            Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(kv(stores.capturedBaselines(), persistentStores),
            Serdes.String(), new AvroBinarySerde<>(ReferenceProfile.class)));

        builder.addStateStore(new LiveObjectStoreBuilder<>(stores.detectors(), false, DETECTORS)
            .withLoggingEnabled(StorePlacement.SMALL_CHANGELOG));
        builder.addStateStore(small(stores.sourceWatermarks(), Serdes.Long()));
        for (String name : new String[] {stores.versionProgress(), stores.qualityBaselines(), stores.alertStates(),
                                         stores.auditHeads(), stores.rulesApplied()}) {
            builder.addStateStore(small(name, Serdes.ByteArray()));
        }
        builder.addStateStore(small(stores.latestReports(), new AvroBinarySerde<>(WindowReport.class)));
        builder.addStateStore(small(stores.latestLabelledReports(), new AvroBinarySerde<>(WindowReport.class)));
        builder.addStateStore(small(stores.activeAlerts(), new AvroBinarySerde<>(Alert.class)));
        builder.addStateStore(new LiveObjectStoreBuilder<>(stores.rejectCounts(), false, RejectSummaryProcessor.CODEC)
            .withLoggingEnabled(StorePlacement.SMALL_CHANGELOG));
        // Cached: a burst of late events costs one changelog record per model version and commit.
        builder.addStateStore(small(stores.lateEvents(), Serdes.Long()).withCachingEnabled());
        // Written once per window and input partition: no cache needed.
        builder.addStateStore(small(stores.partialWatermarks(), Serdes.Long()));

        java.util.List<KStream<byte[], byte[]>> deadLetters = new java.util.ArrayList<>();
        // The strict co-partitioned join refuses, at ingest, a record it could not join where it arrives.
        KStream<byte[], Ingested<PredictionEvent>> ingestedPredictions = ingest(builder, topics.predictions(), "prediction",
            serdes.predictions(), config.labels().enabled() ? deps.labelJoin().keyRule(PredictionEvent::getPredictionId)
                : KeyRule.anyKey(), config, metrics, "predictions", deadLetters);
        // Every stage reads the ingest output and skips dead letters itself: no filter, mapping and record copy per
        // event. The label join's intake is attached here, so that the join still sees each event before the first
        // stage does.
        java.util.List<String> segmentAttributes = config.profile().segmentAttributes();
        KStream<String, JoinInput> predictionInputs = config.labels().enabled()
            ? JoinRoutes.intake(ingestedPredictions, e -> JoinInput.PredictionFacts.of(e, segmentAttributes),
                deps.labelJoin(), metrics, "predictions")
            : null;

        // Dead letters reach the first stage too, so that it knows how far its partition has been read.
        // The dead-letter and bus merges below put this stage in one sub-topology with the outcomes and label-join
        // sources, so with labels on it runs in as many tasks as the largest of those topics has partitions; given the
        // predictions' partition count, a task without a predictions partition stays silent. (Splitting the
        // sub-topology instead would change the tasks and internal topics of running applications.)
        KStream<String, BusMessage> bus = ingestedPredictions
            .process(() -> new PartialProfileProcessor(stores, topics.predictions(), deps.inputPartitions(),
                config.windows(), windows, config.profile(), metrics, deps.endOffsets(), lead), Named.as("partial-profiles"),
                stores.partialWindows(), stores.lateEvents(), stores.partialWatermarks());

        // Outcomes of primary predictions that name their request go to shadow pairing, never to the model bus.
        KStream<String, JoinOutput.RequestOutcome> requestOutcomes = null;
        if (config.labels().enabled()) {
            KStream<String, JoinOutput> joined = labelJoin(builder, config, serdes, metrics, predictionInputs, persistentStores,
                heartbeat, deadLetters, deps.labelJoin(), lead, windows);
            bus = bus.merge(joined
                    .filter((k, v) -> v instanceof JoinOutput.Bus, Named.as("label-join-bus"))
                    .mapValues(v -> ((JoinOutput.Bus) v).message(), Named.as("label-join-bus-messages")),
                Named.as("bus-merge"));
            requestOutcomes = joined
                .filter((k, v) -> v instanceof JoinOutput.RequestOutcome, Named.as("label-join-request-outcomes"))
                .mapValues(v -> (JoinOutput.RequestOutcome) v, Named.as("request-outcomes"));
        }
        KStream<byte[], byte[]> allDeadLetters = deadLetters.get(0);
        for (int i = 1; i < deadLetters.size(); i++) {
            allDeadLetters = allDeadLetters.merge(deadLetters.get(i), Named.as("dead-letters-" + i));
        }
        bus = bus.merge(allDeadLetters.process(() -> new RejectSummaryProcessor(stores.rejectCounts(),
                windows, heartbeat), Named.as("reject-summaries"), stores.rejectCounts()),
            Named.as("bus-rejects"));

        WindowReportBuilder reports = new WindowReportBuilder(config.drift(), windows);
        QualitySections quality = new QualitySections(config.fairness());
        KStream<String, MergeOutput> merged = bus
            .repartition(Repartitioned.<String, BusMessage>as("model-bus")
                .withKeySerde(Serdes.String())
                .withValueSerde(new BusMessageSerde())
                .withStreamPartitioner(new BusPartitioner()))
            .process(() -> new WindowMergeProcessor(stores, config, reports, quality, deps),
                Named.as("merge-windows"),
                stores.mergedWindows(), stores.windowQuality(), stores.reportedWindows(), stores.detectors(),
                stores.sourceWatermarks(), stores.versionProgress(), stores.pendingBaselines(),
                stores.qualityBaselines(), stores.capturedBaselines(), stores.latestReports(), stores.latestLabelledReports(),
                stores.activeAlerts(), stores.alertStates(), stores.auditHeads(), stores.rulesApplied());

        merged
            .filter((k, v) -> v instanceof MergeOutput.Report, Named.as("reports"))
            .mapValues(v -> ((MergeOutput.Report) v).report(), Named.as("report-values"))
            .to(topics.windowReports(), Produced.with(Serdes.String(), serdes.windowReports()).withName("window-reports-sink"));
        merged
            .filter((k, v) -> v instanceof MergeOutput.CapturedBaseline, Named.as("captured-baselines"))
            .mapValues(v -> ((MergeOutput.CapturedBaseline) v).profile(), Named.as("captured-baseline-values"))
            .to(topics.baselines(), Produced.with(Serdes.String(), serdes.baselines()).withName("baselines-sink"));
        merged
            .filter((k, v) -> v instanceof MergeOutput.AlertTransition, Named.as("alerts"))
            .mapValues(v -> ((MergeOutput.AlertTransition) v).alert(), Named.as("alert-values"))
            .to(topics.alerts(), Produced.with(Serdes.String(), serdes.alerts()).withName("alerts-sink"));
        merged
            .filter((k, v) -> v instanceof MergeOutput.AuditLink, Named.as("audit"))
            .mapValues(v -> ((MergeOutput.AuditLink) v).record(), Named.as("audit-values"))
            .to(topics.audit(), Produced.with(Serdes.String(), serdes.audit()).withName("audit-sink"));

        io.driftwatch.comparison.ComparisonStage.wire(builder, config, serdes, ingestedPredictions, requestOutcomes, merged, metrics,
            deps.reportMetrics(), persistentStores, deps.rules(), lead, windows);
        return builder.build();
    }

    /** Decodes a topic, sends what cannot be accepted to the dead letters, and returns every record, decoded or not. */
    private static <T> KStream<byte[], Ingested<T>> ingest(StreamsBuilder builder, String topic, String type,
                                                 io.driftwatch.ingest.InputDecoder<T> decoder, KeyRule<T> keyRule,
                                                 DriftwatchConfig config,
                                                 MeterRegistry metrics, String name,
                                                 java.util.List<KStream<byte[], byte[]>> deadLetters) {
        KStream<byte[], Ingested<T>> ingested = builder
            .stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-source"))
            .process(() -> new IngestProcessor<>(decoder, keyRule, type, metrics, config.formats().maxRecordBytes()),
                Named.as("ingest-" + name));
        KStream<byte[], byte[]> dead = ingested
            .filter((k, v) -> v instanceof Ingested.DeadLetter, Named.as(name + "-rejected"))
            .mapValues(v -> ((Ingested.DeadLetter<T>) v).originalValue(), Named.as(name + "-dead-letter-bytes"));
        dead.to(config.topics().deadLetter(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-dead-letter-sink"));
        deadLetters.add(dead);
        return ingested;
    }

    private static KStream<String, JoinOutput> labelJoin(StreamsBuilder builder, DriftwatchConfig config,
                                                         TopicSerdes serdes, MeterRegistry metrics,
                                                         KStream<String, JoinInput> predictionInputs,
                                                         boolean persistentStores, Duration heartbeat,
                                                         java.util.List<KStream<byte[], byte[]>> deadLetters,
                                                         JoinLayoutDecision labelJoinLayout, ClockLead lead,
                                                         AgreedWindowLayout windows) {
        LabelJoinProcessor.JoinStores join = LabelJoinProcessor.JoinStores.defaults();
        // One layout for the store's segments and the processor's buckets: a bucket must be a segment. Its keys are
        // prediction ids as PendingPredictions encodes them, once per record.
        PendingPredictionLayout pendingLayout = PendingPredictionLayout.of(config.labels().horizon(), config.windows().size());
        builder.addStateStore(Stores.windowStoreBuilder(pendingLayout.supplier(join.predictions(), persistentStores),
            Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(kv(join.outcomes(), persistentStores), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(kv(join.outcomeExpiry(), persistentStores), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(new LiveObjectStoreBuilder<>(join.deltas(), persistentStores, QUALITY));
        builder.addStateStore(new LiveObjectStoreBuilder<>(join.errors(), persistentStores,
            io.driftwatch.topology.labels.ErrorBuffer.CODEC));

        KStream<String, JoinInput> outcomeInputs = JoinRoutes.intake(ingest(builder, config.topics().outcomes(), "outcome",
            serdes.outcomes(), labelJoinLayout.keyRule(OutcomeEvent::getPredictionId), config, metrics, "outcomes",
            deadLetters), JoinInput.OutcomeFacts::of, labelJoinLayout, metrics, "outcomes");
        return JoinRoutes.route(predictionInputs, outcomeInputs, labelJoinLayout)
            .process(() -> new LabelJoinProcessor(join, pendingLayout, config.labels(), config.profile(),
                    windows, heartbeat, metrics, lead),
                Named.as("label-join"),
                join.predictions(), join.outcomes(), join.outcomeExpiry(), join.deltas(), join.errors());
    }

    private static final ObjectCodec<WindowQuality> QUALITY = new ObjectCodec<>() {
        @Override
        public byte[] encode(WindowQuality value) {
            return value.toBytes();
        }

        @Override
        public WindowQuality decode(byte[] bytes) {
            return WindowQuality.fromBytes(bytes);
        }
    };

    private static final ObjectCodec<DetectorSet> DETECTORS = new ObjectCodec<>() {
        @Override
        public byte[] encode(DetectorSet value) {
            return value.toBytes();
        }

        @Override
        public DetectorSet decode(byte[] bytes) {
            return DetectorSet.fromBytes(bytes);
        }
    };

    private static KeyValueBytesStoreSupplier kv(String name, boolean persistent) {
        return StorePlacement.large(name, persistent);
    }

    private static <V> org.apache.kafka.streams.state.StoreBuilder<org.apache.kafka.streams.state.KeyValueStore<String, V>> small(
            String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(StorePlacement.small(name), Serdes.String(), values)
            .withLoggingEnabled(StorePlacement.SMALL_CHANGELOG);
    }
}
