package io.driftwatch.topology;

import io.driftwatch.profile.WindowKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The merge stage's open windows by their start, so that a watermark finds the windows it closes without reading
 * the store. The merge stage asked its store for every key at each watermark: in a backlog, where one input partition
 * runs ahead of another and every window in between waits in the store, that read grew with the wait and took a third
 * of the stream threads' time (bench/RESULTS.md, "The merge stage's windows within a memory bound"). Rebuilt from the
 * store when the task starts; kept in step with it by the windows' creation and close.
 */
final class OpenWindowIndex {

    private final NavigableMap<Long, Set<WindowKey>> byStart = new TreeMap<>();

    /** Notes a window the store holds; noting it again changes nothing. */
    void add(WindowKey key) {
        byStart.computeIfAbsent(key.windowStart(), s -> new LinkedHashSet<>()).add(key);
    }

    /** Removes a window that is closed. */
    void remove(WindowKey key) {
        Set<WindowKey> at = byStart.get(key.windowStart());
        if (at != null && at.remove(key) && at.isEmpty()) {
            byStart.remove(key.windowStart());
        }
    }

    /** The windows that start at or before {@code start}, earliest first; they stay in the index until removed. */
    List<WindowKey> startingBy(long start) {
        List<WindowKey> ready = new ArrayList<>();
        for (Map.Entry<Long, Set<WindowKey>> at : byStart.headMap(start, true).entrySet()) {
            ready.addAll(at.getValue());
        }
        return ready;
    }
}
