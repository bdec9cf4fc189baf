package io.driftwatch.topology;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.ingest.IngestProcessor;
import io.driftwatch.ingest.Ingested;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.state.LiveObjectStoreBuilder;
import io.driftwatch.report.WindowReportBuilder;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.topology.bus.BusMessage;
import io.driftwatch.topology.bus.BusMessageSerde;
import io.driftwatch.topology.bus.BusPartitioner;
import io.driftwatch.topology.serde.AvroBinarySerde;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires Driftwatch's stages into a Kafka Streams topology. Only wiring lives here; each stage is
 * its own processor.
 *
 * <pre>
 * predictions ─ ingest ─┬─ dead letters ─────────────────────────────────────────▶ dead-letter
 *                       └─ partial profiles per input partition (stage 1)
 *                            │ partial windows by model, watermarks to every partition
 *                            ▼ model-bus (internal, repartitioned by model id)
 *                          merge per model version, close, compare (stage 2) ─┬─▶ window-reports
 *   baselines (global store) ──────────────────────────────────────────▶ read  └─▶ baselines (captured)
 * </pre>
 */
public final class DriftwatchTopology {

    private DriftwatchTopology() {
    }

    public static Topology build(DriftwatchConfig config, TopicSerdes serdes, MeterRegistry metrics) {
        return build(config, serdes, metrics, TopologyStores.defaults(), true);
    }

    public static Topology build(DriftwatchConfig config, TopicSerdes serdes, MeterRegistry metrics,
                                 TopologyStores stores, boolean persistentStores) {
        StreamsBuilder builder = new StreamsBuilder();
        DriftwatchConfig.TopicNames topics = config.topics();

        builder.addGlobalStore(
            Stores.keyValueStoreBuilder(
                    persistentStores ? Stores.persistentKeyValueStore(stores.publishedBaselines())
                        : Stores.inMemoryKeyValueStore(stores.publishedBaselines()),
                    Serdes.String(), new AvroBinarySerde<>(ReferenceProfile.class))
                .withLoggingDisabled(),
            topics.baselines(),
            Consumed.with(Serdes.String(), serdes.baselines()).withName("baselines-source"),
            () -> new BaselineStoreUpdater(stores.publishedBaselines()));

        builder.addStateStore(new LiveObjectStoreBuilder<>(stores.partialWindows(), persistentStores, new WindowProfileCodec()));
        builder.addStateStore(new LiveObjectStoreBuilder<>(stores.mergedWindows(), persistentStores, new WindowProfileCodec()));
        builder.addStateStore(Stores.keyValueStoreBuilder(kv(stores.sourceWatermarks(), persistentStores),
            Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(kv(stores.versionProgress(), persistentStores),
            Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(kv(stores.pendingBaselines(), persistentStores),
            Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(kv(stores.capturedBaselines(), persistentStores),
            Serdes.String(), new AvroBinarySerde<>(ReferenceProfile.class)));

        KStream<byte[], Ingested<PredictionEvent>> predictions = builder
            .stream(topics.predictions(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("predictions-source"))
            .process(() -> new IngestProcessor<>(serdes.predictions(), "prediction", metrics), Named.as("ingest-predictions"));

        predictions
            .filter((k, v) -> v instanceof Ingested.DeadLetter, Named.as("predictions-rejected"))
            .mapValues(v -> ((Ingested.DeadLetter<PredictionEvent>) v).originalValue(), Named.as("predictions-dead-letter-bytes"))
            .to(topics.deadLetter(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letter-sink"));

        KStream<String, BusMessage> bus = predictions
            .filter((k, v) -> v instanceof Ingested.Accepted, Named.as("predictions-accepted"))
            .mapValues(v -> ((Ingested.Accepted<PredictionEvent>) v).event(), Named.as("predictions-events"))
            .process(() -> new PartialProfileProcessor(stores.partialWindows(), topics.predictions(), config.windows(),
                config.profile(), metrics), Named.as("partial-profiles"), stores.partialWindows());

        WindowReportBuilder reports = new WindowReportBuilder(config.drift(), config.windows().size().toMillis());
        KStream<String, MergeOutput> merged = bus
            .repartition(Repartitioned.<String, BusMessage>as("model-bus")
                .withKeySerde(Serdes.String())
                .withValueSerde(new BusMessageSerde())
                .withStreamPartitioner(new BusPartitioner()))
            .process(() -> new WindowMergeProcessor(stores, config.windows(), config.baseline(), reports, metrics),
                Named.as("merge-windows"),
                stores.mergedWindows(), stores.sourceWatermarks(), stores.versionProgress(),
                stores.pendingBaselines(), stores.capturedBaselines());

        merged
            .filter((k, v) -> v instanceof MergeOutput.Report, Named.as("reports"))
            .mapValues(v -> ((MergeOutput.Report) v).report(), Named.as("report-values"))
            .to(topics.windowReports(), Produced.with(Serdes.String(), serdes.windowReports()).withName("window-reports-sink"));
        merged
            .filter((k, v) -> v instanceof MergeOutput.CapturedBaseline, Named.as("captured-baselines"))
            .mapValues(v -> ((MergeOutput.CapturedBaseline) v).profile(), Named.as("captured-baseline-values"))
            .to(topics.baselines(), Produced.with(Serdes.String(), serdes.baselines()).withName("baselines-sink"));

        return builder.build();
    }

    private static org.apache.kafka.streams.state.KeyValueBytesStoreSupplier kv(String name, boolean persistent) {
        return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }
}
