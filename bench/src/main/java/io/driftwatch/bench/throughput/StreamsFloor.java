package io.driftwatch.bench.throughput;

import io.driftwatch.app.StreamsSettings;
import io.driftwatch.bench.kafka.CommittedOffsets;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.registry.SchemaRegistryClient;
import io.driftwatch.schemas.serde.InputEventDecoder;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.state.LiveObjectStore;
import io.driftwatch.state.LiveObjectStoreBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The second limit, between the bare decode and the monitor: a Kafka Streams application with the
 * monitor's own settings (exactly-once v2, its commit interval, producer compression, stream threads)
 * that decodes every input record as the monitor does and does nothing else the monitor does. With
 * labels it also keeps, per prediction, the least any exactly-once label join must keep: the
 * prediction id and a 32-byte value in a changelogged RocksDB store, written once when the prediction
 * arrives and deleted when its outcome does.
 *
 * <p>Whatever this application cannot reach, no monitor built on Kafka Streams can reach on the same
 * machine and broker; the monitor's share of it is the cost of Driftwatch's own work.
 *
 * <p>With {@code profiles}, it also adds every prediction to its model version's {@link WindowProfile} for
 * the event's window, in memory, written nowhere: the least a drift monitor does per event, since every
 * drift statistic is computed from those sketches. Whatever that cannot reach, no drift monitor that keeps
 * Driftwatch's sketches can reach.
 *
 * <p>With {@link Sketches#CHANGELOGGED}, the profiles live in a store as the monitor's first stage keeps them: in
 * memory, each written to its changelog at every commit it changed in, so that a crash loses no count. Whatever
 * that cannot reach, no drift monitor that keeps Driftwatch's sketches exactly once over a crash can reach.
 *
 * <p>With {@link Sketches#SENT_ON}, a window's profile is also encoded, written to a repartition topic and read
 * back when the model version's next window begins, as the first stage sends a closed window to the merge stage
 * through the model bus: a model's events are spread over the input partitions, so each partition's part of a
 * window has to travel to one place before any statistic of the whole window can be computed. Whatever that cannot
 * reach, no drift monitor that keeps Driftwatch's sketches exactly once and gathers a window's parts can reach;
 * merging the parts and judging the window are left out.
 */
public final class StreamsFloor {

    /** The monitor's compact pending prediction is 32 bytes (PendingPredictionCodecTest). */
    static final int PENDING_VALUE_BYTES = 32;

    /**
     * Steady rates.
     *
     * @param predictionRate predictions committed per second between 5% and 95% of the predictions
     * @param combinedRate   predictions and outcomes committed per second between 5% and 95% of all of them
     * @param appCpuCores    CPU of this JVM between 5% and 95% of all events (the floor application; nothing else
     *                       runs in it then)
     */
    public record Result(double predictionRate, double combinedRate, double appCpuCores) {
    }

    private record OpenWindow(long start, WindowProfile profile) {
    }

    /** The store key of a model version's open window, made once per window as the first stage makes it. */
    private record OpenKey(long start, String key) {
    }

    /** What the floor does with each prediction's features besides decoding them. */
    public enum Sketches {
        /** Nothing. */
        NONE,
        /** Adds them to the window's profile in memory, written nowhere. */
        IN_MEMORY,
        /** Adds them to the window's profile in a changelogged store, as the monitor's first stage does. */
        CHANGELOGGED,
        /** As {@link #CHANGELOGGED}, and writes each finished window's encoded profile to a topic. */
        SENT_ON
    }

    private StreamsFloor() {
    }

    /**
     * Runs the floor application from the beginning of the input topics named in {@code settings} until every
     * prediction (and outcome) is committed.
     */
    public static Result run(Map<String, String> monitorSettings, String applicationId, long predictions, long outcomes,
                             Sketches sketches, String bootstrapServers) throws InterruptedException {
        Map<String, String> settings = new HashMap<>(monitorSettings);
        settings.put("application.id", applicationId);
        settings.put("kafka.state.dir", monitorSettings.get("kafka.state.dir") + "-floor");
        DriftwatchConfig config = DriftwatchConfig.from(settings);
        Properties props = StreamsSettings.of(config);
        boolean labels = outcomes > 0;
        SchemaRegistryClient registry = SchemaRegistryClient.fromConfigs(Map.of("schema.registry.url",
            settings.get("schema.registry.url")));
        InputEventDecoder<PredictionEvent> predictionDecoder = InputEventDecoder.predictions(registry);
        InputEventDecoder<OutcomeEvent> outcomeDecoder = InputEventDecoder.outcomes(registry);
        String predictionsTopic = config.topics().predictions();
        String outcomesTopic = config.topics().outcomes();
        ProfileSettings profileSettings = config.profile();
        long windowMs = config.windows().size().toMillis();

        StreamsBuilder builder = new StreamsBuilder();
        String store = "pending";
        if (labels) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.Bytes(),
                Serdes.ByteArray()));
        }
        String profileStore = "profiles";
        boolean durable = sketches == Sketches.CHANGELOGGED || sketches == Sketches.SENT_ON;
        boolean sendOn = sketches == Sketches.SENT_ON;
        WindowProfileCodec codec = new WindowProfileCodec();
        if (durable) {
            builder.addStateStore(new LiveObjectStoreBuilder<>(profileStore, true, codec));
        }
        String[] predictionStores = labels ? new String[] {store} : durable ? new String[] {profileStore} : new String[0];
        KStream<String, byte[]> finished = builder.stream(predictionsTopic, Consumed.with(Serdes.Bytes(), Serdes.ByteArray()))
            .process(() -> new Processor<Bytes, byte[], String, byte[]>() {
                private org.apache.kafka.streams.processor.api.ProcessorContext<String, byte[]> context;
                private KeyValueStore<Bytes, byte[]> pending;
                // model/version -> its profile of the window it last saw; an older window's is dropped, not reported
                private final Map<String, OpenWindow> open = new HashMap<>();
                private LiveObjectStore<WindowProfile> profiles;
                // model/version -> the store key of its open window (changelogged floor)
                private final Map<String, OpenKey> openKeys = new HashMap<>();

                @Override
                public void init(org.apache.kafka.streams.processor.api.ProcessorContext<String, byte[]> context) {
                    this.context = context;
                    pending = labels ? context.getStateStore(store) : null;
                    profiles = durable ? context.getStateStore(profileStore) : null;
                }

                @Override
                public void process(Record<Bytes, byte[]> record) {
                    PredictionEvent event = predictionDecoder.decode(record.value()).event();
                    if (pending != null && event.getFeatures() != null) {
                        pending.put(record.key(), new byte[PENDING_VALUE_BYTES]);
                    }
                    if (sketches == Sketches.NONE) {
                        return;
                    }
                    long windowStart = Math.floorDiv(event.getEventTime().toEpochMilli(), windowMs) * windowMs;
                    String version = event.getModelId() + '/' + event.getModelVersion();
                    if (durable) {
                        OpenKey window = openKeys.get(version);
                        if (window == null || window.start() != windowStart) {
                            if (window != null) {
                                if (sendOn) {
                                    context.forward(new Record<>(version, codec.encode(profiles.get(window.key())),
                                        record.timestamp()));
                                }
                                profiles.delete(window.key()); // as the first stage drops a window it has sent on
                            }
                            window = new OpenKey(windowStart, version + '@' + windowStart);
                            openKeys.put(version, window);
                        }
                        profiles.getForUpdate(window.key(), () -> new WindowProfile(profileSettings)).add(event);
                    } else {
                        OpenWindow window = open.get(version);
                        if (window == null || window.start() != windowStart) {
                            window = new OpenWindow(windowStart, new WindowProfile(profileSettings));
                            open.put(version, window);
                        }
                        window.profile().add(event);
                    }
                }
            }, predictionStores);
        if (sendOn) {
            // A repartition topic, as the model bus is; read back and not decoded.
            finished.repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName("windows"))
                .foreach((version, profile) -> { });
        }
        if (labels) {
            // The monitor's co-partitioned layout: both topics keyed by prediction id, joined where they arrive.
            builder.stream(outcomesTopic, Consumed.with(Serdes.Bytes(), Serdes.ByteArray()))
                .process(() -> new Processor<Bytes, byte[], Void, Void>() {
                    private KeyValueStore<Bytes, byte[]> pending;

                    @Override
                    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
                        pending = context.getStateStore(store);
                    }

                    @Override
                    public void process(Record<Bytes, byte[]> record) {
                        OutcomeEvent event = outcomeDecoder.decode(record.value()).event();
                        if (event.getPredictionId() != null && pending.get(record.key()) != null) {
                            pending.delete(record.key());
                        }
                    }
                }, store);
        }

        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        long began = System.nanoTime();
        try (CommittedOffsets offsets = new CommittedOffsets(bootstrapServers, applicationId)) {
            streams.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(180, predictions / 2_000)).toNanos();
            // [seconds, predictions, outcomes] when 5% and 95% of the predictions, and of all events, were committed
            double[] at5 = null;
            double[] at95 = null;
            double[] allAt5 = null;
            double[] allAt95 = null;
            ProcessCpu cpuAt5 = null;
            ProcessCpu cpuAt95 = null;
            while (true) {
                long p = offsets.committed(predictionsTopic);
                long o = labels ? offsets.committed(outcomesTopic) : 0;
                double[] now = {(System.nanoTime() - began) / 1e9, p, o};
                if (at5 == null && p >= 0.05 * predictions) {
                    at5 = now;
                }
                if (at95 == null && p >= 0.95 * predictions) {
                    at95 = now;
                }
                if (allAt5 == null && p + o >= 0.05 * (predictions + outcomes)) {
                    allAt5 = now;
                    cpuAt5 = ProcessCpu.now();
                }
                if (allAt95 == null && p + o >= 0.95 * (predictions + outcomes)) {
                    allAt95 = now;
                    cpuAt95 = ProcessCpu.now();
                }
                if (p >= predictions && o >= outcomes) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The Kafka Streams floor committed " + p + " of " + predictions
                        + " predictions and " + o + " of " + outcomes + " outcomes before the deadline");
                }
                Thread.sleep(250);
            }
            double all = allAt95[0] - allAt5[0];
            return new Result((at95[1] - at5[1]) / (at95[0] - at5[0]), (allAt95[1] + allAt95[2] - allAt5[1] - allAt5[2]) / all,
                cpuAt95.since(cpuAt5).cpu().toNanos() / 1e9 / all);
        } finally {
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            registry.close();
        }
    }
}
