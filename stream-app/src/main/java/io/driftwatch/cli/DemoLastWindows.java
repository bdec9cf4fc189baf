package io.driftwatch.cli;

import io.driftwatch.app.DriftwatchApp;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@link LastWindowsWait} looks at in the demo: the monitor's gauges, its consumer group, the broker and the
 * console's alert watcher.
 *
 * @param groupId the monitor's consumer group (its application id)
 * @param inputs  the topics the traffic writes, which are not the stages' internal topics
 */
record DemoLastWindows(DriftwatchApp app, Admin admin, String groupId, Set<String> inputs,
                       DemoAlertWatcher alerts) implements LastWindowsWait.View {

    @Override
    public long reportedThrough(LastEventTimes.ModelVersion version) {
        return reportedThrough(windowEnds(app.registry()).tag("model", version.model()).tag("version", version.version()));
    }

    /** The gauges of the end of each model version's latest reported window, in epoch seconds. */
    static Search windowEnds(MeterRegistry registry) {
        return registry.find("driftwatch_window_end_timestamp_seconds");
    }

    /** The latest window end among {@code windowEnds}, epoch milliseconds; {@link Long#MIN_VALUE} for none yet. */
    static long reportedThrough(Search windowEnds) {
        return windowEnds.gauges().stream().mapToDouble(Gauge::value).filter(v -> !Double.isNaN(v))
            .mapToLong(v -> Math.round(v * 1000)).max().orElse(Long.MIN_VALUE);
    }

    @Override
    public Map<TopicPartition, Long> stagesCommittedEnd() {
        return committedEnds(stagesCommitted().keySet());
    }

    @Override
    public Map<TopicPartition, Long> stagesCommitted() {
        Map<TopicPartition, Long> committed = new HashMap<>(
            answer(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(), OffsetAndMetadata::offset));
        committed.keySet().removeIf(tp -> inputs.contains(tp.topic()));
        return committed;
    }

    @Override
    public Map<TopicPartition, Long> alertsCommittedEnd() {
        return committedEnds(Set.copyOf(alerts.partitions()));
    }

    @Override
    public Map<TopicPartition, Long> alertsRead() {
        return alerts.positions();
    }

    private Map<TopicPartition, Long> committedEnds(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        return answer(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(),
            ListOffsetsResultInfo::offset);
    }

    /** The offsets a broker answers with, within 5 s; none when it does not answer (the wait asks again). */
    private static <V> Map<TopicPartition, Long> answer(KafkaFuture<Map<TopicPartition, V>> future, ToLongFunction<V> offset) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            future.get(5, TimeUnit.SECONDS).forEach((tp, v) -> {
                if (v != null) {
                    offsets.put(tp, offset.applyAsLong(v));
                }
            });
            return offsets;
        } catch (ExecutionException | TimeoutException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }
}
