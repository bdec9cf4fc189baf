package io.driftwatch.connect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** The calls a task makes on its context, recorded; the real worker is exercised by the ITs. */
final class RecordingSinkTaskContext implements SinkTaskContext {
    int commitsRequested;


    record Report(SinkRecord record, Throwable error) {
    }

    final Map<TopicPartition, Long> offsets = new HashMap<>();
    final List<Report> reports = new ArrayList<>();
    long timeoutMs = -1;
    private final boolean withReporter;

    RecordingSinkTaskContext(boolean withReporter) {
        this.withReporter = withReporter;
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        this.offsets.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        offsets.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.of();
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
        commitsRequested++;
    }

    @Override
    public PluginMetrics pluginMetrics() {
        throw new UnsupportedOperationException("The sinks register no metrics");
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!withReporter) {
            return null;
        }
        return (record, error) -> {
            reports.add(new Report(record, error));
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        };
    }
}
