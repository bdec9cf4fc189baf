package io.driftwatch.generator;

import io.driftwatch.schemas.PredictionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** Offline generation and small statistics for the generator's tests. */
final class Generated {

    static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

    private Generated() {
    }

    /** {@code n} events of {@code generator} on a synthetic timeline of {@code rate} events/s from its start. */
    static List<GeneratedEvent> events(TrafficGenerator generator, int n, double rate) {
        Timeline timeline = new Timeline.Synthetic(generator.start(), rate);
        List<GeneratedEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(generator.next(timeline.at(i, 0)));
        }
        return events;
    }

    static List<GeneratedEvent> events(ModelSpec model, long seed, int n, double rate) {
        return events(new TrafficGenerator(List.of(model), seed, START), n, rate);
    }

    static Predicate<GeneratedEvent> before(Duration offset) {
        return e -> e.prediction().getEventTime().isBefore(START.plus(offset));
    }

    static Predicate<GeneratedEvent> atOrAfter(Duration offset) {
        return e -> !e.prediction().getEventTime().isBefore(START.plus(offset));
    }

    static double[] values(List<GeneratedEvent> events, ToDoubleFunction<PredictionEvent> f) {
        return events.stream().map(GeneratedEvent::prediction).mapToDouble(f).toArray();
    }

    /** Non-missing numeric values of a feature. */
    static double[] feature(List<GeneratedEvent> events, String name) {
        return events.stream().map(e -> e.prediction().getFeatures().get(name)).filter(v -> v != null)
            .mapToDouble(v -> (Double) v).toArray();
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Population standard deviation. */
    static double sd(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / x.length);
    }

    static double median(double[] x) {
        double[] sorted = x.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double share(List<GeneratedEvent> events, Predicate<GeneratedEvent> p) {
        return (double) events.stream().filter(p).count() / events.size();
    }
}
