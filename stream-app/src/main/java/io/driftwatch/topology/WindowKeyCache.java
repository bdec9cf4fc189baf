package io.driftwatch.topology;

import io.driftwatch.profile.WindowKey;
import java.util.HashMap;
import java.util.Map;

/**
 * The store key ({@link WindowKey#encode}) of the window each model version's events last fell in,
 * made once per window instead of once per event: concatenating it, formatting its start and hashing
 * the new string took a few percent of the profiling stage (bench/RESULTS.md, issue #14). Looked up by
 * the event's own model id and version, which the decoder hands out as the same string instances, hashes
 * cached. An event of another window (late, or reordered within the grace) replaces the entry: still
 * the right key, only made again. Bounded: past {@value #MAX_VERSIONS} versions it starts over. Not
 * thread-safe: one per processor.
 */
final class WindowKeyCache {

    static final int MAX_VERSIONS = 10_000;

    private final Map<ModelVersion, CurrentWindow> current = new HashMap<>();

    String keyOf(String modelId, String modelVersion, long windowStart) {
        ModelVersion version = new ModelVersion(modelId, modelVersion);
        CurrentWindow window = current.get(version);
        if (window == null || window.start() != windowStart) {
            if (window == null && current.size() >= MAX_VERSIONS) {
                current.clear();
            }
            window = new CurrentWindow(windowStart, WindowKey.encode(modelId, modelVersion, windowStart));
            current.put(version, window);
        }
        return window.key();
    }

    int size() {
        return current.size();
    }

    private record ModelVersion(String modelId, String modelVersion) {}

    private record CurrentWindow(long start, String key) {}
}
