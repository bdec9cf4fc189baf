package io.driftwatch.metrics;

import io.driftwatch.schemas.Alert;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code driftwatch_alerts_active}: the alerts firing in this instance's active tasks, per model version, rule and
 * severity: the sum of what each task holds in its active-alerts store ({@link TaskFiringAlerts}).
 *
 * <p>Each task counts its own store when it starts (after its restore) and follows every transition it writes
 * there, and its part goes when the task closes. So the count of a task is current as soon as that task runs,
 * whatever other task of the instance is still restoring: read from the stores at each scrape instead, the whole
 * count stood still while any task restored (Kafka Streams reads no store of an instance until all are restored).
 * A task runs on one instance at a time, so the sum over the instances counts each firing alert once.
 *
 * <p>Thread-safe: every stream thread changes its tasks' parts, and scrapes read the registry.
 */
public final class ActiveAlertsGauge {

    private static final String NAME = "driftwatch_alerts_active";
    private static final String DESCRIPTION = "Alerts firing, by model version, rule and severity, in this instance's"
        + " active tasks";

    private final SeriesSet series;
    private final Set<TaskFiringAlerts> tasks = new HashSet<>();

    public ActiveAlertsGauge(MeterRegistry registry) {
        this.series = new SeriesSet(registry);
    }

    /**
     * A task's part, counting the alerts firing in its active-alerts store as it is now: call it when the task
     * starts, its store restored, and tell the part every transition written to the store from then on.
     */
    public synchronized TaskFiringAlerts addTask(ReadOnlyKeyValueStore<String, Alert> store) {
        TaskFiringAlerts task = new TaskFiringAlerts(this);
        try (KeyValueIterator<String, Alert> it = store.all()) {
            it.forEachRemaining(kv -> task.count(kv.key, kv.value));
        }
        tasks.add(task);
        publish();
        return task;
    }

    synchronized void changed(TaskFiringAlerts task, Runnable change) {
        change.run();
        if (tasks.contains(task)) {
            publish();
        }
    }

    synchronized void remove(TaskFiringAlerts task) {
        if (tasks.remove(task)) {
            publish();
        }
    }

    /** The series become the sums over the tasks; a tag set no task counts any more goes. */
    private void publish() {
        Map<Tags, Integer> sums = new LinkedHashMap<>();
        for (TaskFiringAlerts task : tasks) {
            task.counts().forEach((tags, n) -> sums.merge(tags, n, Integer::sum));
        }
        List<SeriesSet.Sample> samples = new ArrayList<>();
        sums.forEach((tags, n) -> samples.add(new SeriesSet.Sample(NAME, DESCRIPTION, tags, n)));
        series.replace(samples, id -> false);
    }
}
