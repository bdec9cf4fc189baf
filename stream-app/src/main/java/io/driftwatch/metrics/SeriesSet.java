package io.driftwatch.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The gauges of one subject (a model version, a comparison), set from its reports and removed from the
 * registry together: when the subject's task leaves this instance, or, series by series, when its latest
 * report no longer carries them. A gauge left registered would be exported at its last value for as long
 * as the process runs, as if it were current.
 *
 * <p>Thread-safe: a subject is reported by its task's stream thread, and the registry is read by scrapes.
 */
public final class SeriesSet {

    /** One value of one series. */
    public record Sample(String name, String description, Tags tags, double value) {
        String key() {
            return name + tags;
        }
    }

    /** A gauge's current value, held strongly here: Micrometer only keeps a weak reference to it. */
    private static final class Series {
        private volatile double value;
        private Meter meter;
    }

    private final MeterRegistry registry;
    private final Predicate<Sample> admitNew;
    private final Consumer<Meter.Id> onRemoved;
    private final Map<String, Series> series = new LinkedHashMap<>();

    /**
     * @param admitNew  whether a series not yet registered may be (a cap on series); asked once per new series
     * @param onRemoved told of every series removed from the registry
     */
    public SeriesSet(MeterRegistry registry, Predicate<Sample> admitNew, Consumer<Meter.Id> onRemoved) {
        this.registry = registry;
        this.admitNew = admitNew;
        this.onRemoved = onRemoved;
    }

    public SeriesSet(MeterRegistry registry) {
        this(registry, s -> true, id -> { });
    }

    /** Sets one series, registering it if it is new and admitted. */
    public synchronized void set(Sample s) {
        Series held = series.get(s.key());
        if (held == null) {
            if (!admitNew.test(s)) {
                return;
            }
            Series created = new Series();
            created.meter = Gauge.builder(s.name(), created, g -> g.value).description(s.description()).tags(s.tags())
                .register(registry);
            series.put(s.key(), created);
            held = created;
        }
        held.value = s.value();
    }

    /**
     * Sets {@code samples} and removes every other series of the subject, except those {@code keep} holds (whose
     * last value then stands).
     */
    public synchronized void replace(Collection<Sample> samples, Predicate<Meter.Id> keep) {
        Set<String> carried = new HashSet<>();
        for (Sample s : samples) {
            carried.add(s.key());
        }
        // Removed first, so that a cap on series counts only those that stay.
        removeIf((key, id) -> !carried.contains(key) && !keep.test(id));
        samples.forEach(this::set);
    }

    /** Removes every series of the subject. */
    public synchronized void clear() {
        removeIf((key, id) -> true);
    }

    private void removeIf(java.util.function.BiPredicate<String, Meter.Id> drop) {
        for (Iterator<Map.Entry<String, Series>> it = series.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Series> e = it.next();
            Meter.Id id = e.getValue().meter.getId();
            if (drop.test(e.getKey(), id)) {
                registry.remove(e.getValue().meter);
                it.remove();
                onRemoved.accept(id);
            }
        }
    }
}
