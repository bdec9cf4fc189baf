package io.driftwatch.topology;

import io.driftwatch.config.DriftwatchConfig.WindowSettings;
import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowKey;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.state.LiveObjectStore;
import io.driftwatch.ingest.Ingested;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.topology.bus.BusMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * First stage of the two-stage aggregation: profiles every prediction of one input partition into
 * its model version's tumbling event-time window, and when the partition's event time passes a
 * window's end plus grace, sends that partial profile to the model's merge stage.
 *
 * <p>The partition's watermark is the largest event time it has seen, of events stamped at most
 * {@code window.max.lead} past the clock that ingest judges event times by: an event stamped further
 * ahead (a producer whose clock is wrong) counts in its own window but moves no watermark and is no
 * sign of activity, or one record could close every window of every model on the partition up to its
 * stamp, and make every on-time event after it late. While the partition is idle (no event but late or
 * ahead ones, and the broker confirms there is nothing new, for the idle timeout) it follows the wall
 * clock, so the last window of a model that went quiet still closes and an empty
 * partition holds nothing back. A broker outage is not idleness: see {@link PartitionWatermark}.
 * After every close, and at the heartbeat interval, the watermark is broadcast to every merge-stage
 * partition.
 *
 * <p>Dead letters pass through this stage too, only so that it knows how far it has read.
 *
 * <p>Kafka Streams runs this stage in as many tasks as the largest topic of its sub-topology has
 * partitions, and with labels on, outcomes and the label-join topic share it
 * ({@link DriftwatchTopology}). A task beyond the predictions topic's partitions reads none of them:
 * it sends nothing, since a watermark from it could never move and the merge stage would wait for it
 * forever.
 *
 * <p>An event for a window this partition has already sent is late: it is counted (in a metric and
 * in the model's next report), not added, and for idleness it is no event at all. The close time of
 * the last window sent is kept in a store, so that this holds after a restart or a move to another
 * instance too.
 */
public final class PartialProfileProcessor implements Processor<byte[], Ingested<PredictionEvent>, String, BusMessage> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PartialProfileProcessor.class);
    /**
     * The pipeline lag is recorded for one prediction in this many, and for any that comes a second or more after
     * the last one recorded. A histogram timer costs about 90 ns a record, more than one percent of the time a
     * prediction takes here (bench/RESULTS.md, issue #14); a sample keeps the lag's quantiles, which are what
     * the dashboards and rules read, and the time rule keeps a quiet partition in them.
     */
    static final int LAG_SAMPLE_EVERY = 16;
    private static final long LAG_SAMPLE_MAX_GAP_MS = 1_000;

    private final TopologyStores stores;
    private final String topic;
    private final int partitionsAtStart;
    private final WindowSettings windows;
    private final AgreedWindowLayout layout;
    private final ProfileSettings profileSettings;
    private final MeterRegistry metrics;
    private final InputEndOffsets endOffsets;
    private final ClockLead lead;
    private final WindowProfileCodec codec = new WindowProfileCodec();
    private final WindowKeyCache windowKeys = new WindowKeyCache();
    private final Supplier<WindowProfile> newProfile;
    private boolean created;

    private ProcessorContext<String, BusMessage> context;
    private LiveObjectStore<WindowProfile> store;
    // Late events per model version not yet sent: in a store, so that a crash after the commit that
    // consumed them cannot lose their count before the next close sends it.
    private KeyValueStore<String, Long> lateByVersion;
    // The close time (end plus grace) of the latest window this partition has sent, under its source name: restored
    // at start, or after a restart an event for a window sent before would open a second partial of it, which the
    // merge stage adds to the window while another partition still holds it open.
    private KeyValueStore<String, Long> closedUpTo;
    private String source;
    private long graceMs;
    private int partition;
    private PartitionWatermark watermark;
    // The start of the window holding the watermark less the grace: it moves when a window's end (plus grace) passes,
    // and then a live stream asks for a commit.
    private long closesPassed = Long.MIN_VALUE;
    private CommitOnClose commitOnClose;
    // close time (window end + grace) -> windows closing then; rebuilt from the store on start.
    private final TreeMap<Long, List<WindowKey>> openWindows = new TreeMap<>();
    private Counter lateCounter;
    private io.micrometer.core.instrument.Timer lag;
    // The first prediction is always recorded.
    private int sinceLagSample = LAG_SAMPLE_EVERY - 1;
    private long lastLagSampleMs;

    /**
     * @param topic      the predictions topic
     * @param partitions its partition count when the application started, 0 when unknown
     * @param layout     the windows to cut, from the history of {@code window.size}
     * @param lead       an event stamped further ahead of the clock moves no watermark
     */
    public PartialProfileProcessor(TopologyStores stores, String topic, int partitions, WindowSettings windows,
                                   AgreedWindowLayout layout, ProfileSettings profileSettings, MeterRegistry metrics, InputEndOffsets endOffsets,
                                   ClockLead lead) {
        this.stores = stores;
        this.topic = topic;
        this.partitionsAtStart = partitions;
        this.windows = windows;
        this.layout = layout;
        this.profileSettings = profileSettings;
        this.metrics = metrics;
        this.endOffsets = endOffsets;
        this.lead = lead;
        this.newProfile = () -> {
            created = true;
            return new WindowProfile(this.profileSettings);
        };
    }

    @Override
    public void init(ProcessorContext<String, BusMessage> context) {
        this.context = context;
        this.store = context.getStateStore(stores.partialWindows());
        this.lateByVersion = context.getStateStore(stores.lateEvents());
        this.closedUpTo = context.getStateStore(stores.partialWatermarks());
        this.partition = context.taskId().partition();
        this.source = topic + "-" + partition;
        this.graceMs = windows.grace().toMillis();
        this.commitOnClose = new CommitOnClose(layout.current().currentSizeMs());
        // No value: a new partition, or state written before the store existed; the watermark then starts unknown.
        Long closed = closedUpTo.get(source);
        this.watermark = new PartitionWatermark(windows.idleTimeout().toMillis(), context.currentSystemTimeMs(),
            closed == null ? Long.MIN_VALUE : closed);
        this.lateCounter = Counter.builder("driftwatch_late_events")
            .description("Prediction events that arrived after their window had closed")
            .tag("stage", "partition")
            .register(metrics);
        this.lag = io.micrometer.core.instrument.Timer.builder("driftwatch_pipeline_lag")
            .description("Processing time minus event time of prediction events when they are profiled"
                + " (one in " + LAG_SAMPLE_EVERY + ", and at least one a second)")
            .publishPercentileHistogram()
            .minimumExpectedValue(java.time.Duration.ofMillis(1))
            .maximumExpectedValue(java.time.Duration.ofHours(1))
            .register(metrics);
        // Kafka Streams calls init again on this instance when it revives the task after an aborted
        // transaction; the stores, restored to the last commit, say which windows are open and which were sent.
        openWindows.clear();
        closesPassed = closed == null ? Long.MIN_VALUE : closesPassedBy(closed);
        for (String k : store.keys()) {
            WindowKey key = WindowKey.decode(k);
            openWindows.computeIfAbsent(closeTime(key.windowStart()), t -> new ArrayList<>()).add(key);
        }
        // Scheduled in every task, even one without a predictions partition: partitions may be added to the topic.
        context.schedule(windows.heartbeatInterval(), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<byte[], Ingested<PredictionEvent>> record) {
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        if (!(record.value() instanceof Ingested.Accepted<PredictionEvent> accepted)) {
            watermark.onRecordSkipped(offset);
            return;
        }
        PredictionEvent event = accepted.event();
        long eventTime = event.getEventTime().toEpochMilli();
        long windowStart = layout.current().startOf(eventTime);
        boolean late = closeTime(windowStart) <= watermark.value();
        if (late) {
            String version = event.getModelId() + '/' + event.getModelVersion();
            Long lateSoFar = lateByVersion.get(version);
            if (LOG.isDebugEnabled() && lateSoFar == null) {
                LOG.debug("{}: event of {} at {} is late: watermark {}", source, event.getModelId(), eventTime, watermark.value());
            }
            lateCounter.increment();
            lateByVersion.put(version, lateSoFar == null ? 1L : lateSoFar + 1);
        } else {
            // One store lookup per event, by a key made once per window; the supplier runs only for a window new to
            // this partition.
            String storeKey = windowKeys.keyOf(event.getModelId(), event.getModelVersion(), windowStart);
            created = false;
            store.getForUpdate(storeKey, newProfile).add(event);
            if (created) {
                openWindows.computeIfAbsent(closeTime(windowStart), t -> new ArrayList<>())
                    .add(new WindowKey(event.getModelId(), event.getModelVersion(), windowStart));
            }
        }
        long now = context.currentSystemTimeMs();
        if (++sinceLagSample >= LAG_SAMPLE_EVERY || now - lastLagSampleMs >= LAG_SAMPLE_MAX_GAP_MS) {
            sinceLagSample = 0;
            lastLagSampleMs = now;
            lag.record(Math.max(0, now - eventTime), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        if (late || lead.isAhead(eventTime, now)) {
            // Read, but no sign of activity: a producer with a stale clock would otherwise keep the partition from
            // ever being idle, and the last window of a model that went quiet from ever closing; one whose clock is
            // ahead would also carry the watermark past every on-time event.
            watermark.onRecordSkipped(offset);
        } else {
            if (!watermark.brokerAnswered()) {
                // Until the broker first answers for this task, it may have started during an outage.
                watermark.follow(endOffsets.of(topic, partition), now);
            }
            if (watermark.onEvent(eventTime, offset, now) && !openWindows.isEmpty()
                    && openWindows.firstKey() <= watermark.value()) {
                closeUpTo(watermark.value(), record.timestamp());
            }
        }
    }

    private void onWallClock(long now) {
        if (!readsAPredictionsPartition()) {
            return;
        }
        watermark.onHeartbeat(now, endOffsets.of(topic, partition));
        closeUpTo(watermark.value(), now);
    }

    private void closeUpTo(long wm, long timestamp) {
        while (!openWindows.isEmpty() && openWindows.firstKey() <= wm) {
            for (WindowKey key : openWindows.pollFirstEntry().getValue()) {
                WindowProfile profile = store.get(key.encode());
                if (profile != null) {
                    context.forward(new Record<>(key.modelId(),
                        new BusMessage.PartialWindow(source, key, codec.encode(profile)), timestamp));
                    store.delete(key.encode());
                }
            }
        }
        List<KeyValue<String, Long>> late = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = lateByVersion.all()) {
            it.forEachRemaining(late::add);
        }
        for (KeyValue<String, Long> count : late) {
            int slash = count.key.indexOf('/');
            String model = count.key.substring(0, slash);
            context.forward(new Record<>(model, new BusMessage.LateEvents(source, model,
                count.key.substring(slash + 1), count.value), timestamp));
            lateByVersion.delete(count.key);
        }
        // Key is irrelevant: the bus partitioner sends watermarks to every partition.
        context.forward(new Record<>(source, new BusMessage.Watermark(source, wm), timestamp));
        long passed = wm == Long.MIN_VALUE ? Long.MIN_VALUE : closesPassedBy(wm);
        if (passed > closesPassed) {
            closesPassed = passed;
            // The latest window passed is the one that ends where the window holding the watermark less the grace
            // starts; its partial, if any, was sent above, in the same transaction.
            long latestClose = passed + graceMs;
            closedUpTo.put(source, latestClose);
            // The merge stage sees partials and watermarks only once this transaction commits. Asking for the
            // commit when a window's end plus grace passes lets reports wait for no commit interval, which can
            // then be long (fewer, larger transactions); a replay of a backlog waits for it (CommitOnClose).
            if (commitOnClose.worthCommitting(latestClose, context.currentSystemTimeMs())) {
                context.commit();
            }
        }
    }

    /**
     * Whether the predictions topic has this task's partition: by its partition count at start or as the broker
     * last described it (partitions can be added). While neither is known, the task sends its watermark as
     * before, so that a partition that does exist still holds windows open.
     */
    private boolean readsAPredictionsPartition() {
        int known = Math.max(partitionsAtStart, endOffsets.partitions(topic));
        return known == 0 || partition < known;
    }

    /** The end of the latest window whose end plus grace a watermark has passed: it grows with each such window. */
    private long closesPassedBy(long wm) {
        return layout.current().startOf(wm - graceMs);
    }

    private long closeTime(long windowStart) {
        return layout.current().endOf(windowStart) + graceMs;
    }
}
