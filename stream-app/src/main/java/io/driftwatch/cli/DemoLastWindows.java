package io.driftwatch.cli;

import io.driftwatch.app.DriftwatchApp;
import io.micrometer.core.instrument.Gauge;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@link LastWindowsWait} looks at in the demo: the monitor's gauges, its consumer group, the broker and the
 * console's alert watcher. Every broker question has 5 s; one not answered gives nothing, and the wait asks again.
 *
 * @param groupId the monitor's consumer group (its application id)
 * @param inputs  the topics the traffic writes, which are not the stages' internal topics
 */
record DemoLastWindows(DriftwatchApp app, Admin admin, String groupId, Set<String> inputs,
                       DemoCommand.AlertWatcher alerts) implements LastWindowsWait.View {

    @Override
    public long reportedThrough(LastEventTimes.ModelVersion version) {
        Gauge end = app.registry().find("driftwatch_window_end_timestamp_seconds")
            .tag("model", version.model()).tag("version", version.version()).gauge();
        return end == null || Double.isNaN(end.value()) ? Long.MIN_VALUE : Math.round(end.value() * 1000);
    }

    @Override
    public Map<TopicPartition, Long> stagesCommittedEnd() {
        return committedEnds(stagesCommitted().keySet());
    }

    @Override
    public Map<TopicPartition, Long> stagesCommitted() {
        try {
            Map<TopicPartition, Long> committed = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            offsets.forEach((tp, offset) -> {
                if (offset != null && !inputs.contains(tp.topic())) {
                    committed.put(tp, offset.offset());
                }
            });
            return committed;
        } catch (ExecutionException | TimeoutException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
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
        try {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(5, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (ExecutionException | TimeoutException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }
}
