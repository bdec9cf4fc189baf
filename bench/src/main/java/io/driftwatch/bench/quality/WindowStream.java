package io.driftwatch.bench.quality;

import io.driftwatch.generator.GeneratedEvent;
import io.driftwatch.generator.ModelSpec;
import io.driftwatch.generator.TrafficGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One model's traffic cut into tumbling windows of a fixed number of events, with synthetic event
 * times spread evenly over each window. A scenario of the spec acts from its start, counted in event
 * time from {@link #START}, so a change that starts at window w starts at {@code w × windowLength}.
 */
final class WindowStream {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final TrafficGenerator generator;
    private final int eventsPerWindow;
    private int window;

    WindowStream(ModelSpec spec, long seed, int eventsPerWindow) {
        this(spec, seed, eventsPerWindow, 0);
    }

    /** A stream whose first window is window {@code firstWindow} counted from {@link #START}: traffic that follows another. */
    WindowStream(ModelSpec spec, long seed, int eventsPerWindow, int firstWindow) {
        this.generator = new TrafficGenerator(List.of(spec), seed, START);
        this.eventsPerWindow = eventsPerWindow;
        this.window = firstWindow;
    }

    /** The next window's events, in event-time order. */
    List<GeneratedEvent> next() {
        List<GeneratedEvent> events = new ArrayList<>(eventsPerWindow);
        long base = START.toEpochMilli() + window * WINDOW.toMillis();
        for (int i = 0; i < eventsPerWindow; i++) {
            events.add(generator.next(Instant.ofEpochMilli(base + i * WINDOW.toMillis() / eventsPerWindow)));
        }
        window++;
        return events;
    }

    /** Start of the window {@link #next()} returned last. */
    long lastWindowStart() {
        return START.toEpochMilli() + (window - 1) * WINDOW.toMillis();
    }
}
