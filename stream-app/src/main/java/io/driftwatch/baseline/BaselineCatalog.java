package io.driftwatch.baseline;

import io.driftwatch.schemas.ReferenceProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds the baseline of a model version: its own published baseline (the global store over the
 * compacted baselines topic), else one this instance captured and is still waiting to see come back
 * through the topic, else the model's most recent baseline of any version (a fallback the report
 * states). Decoded baselines are cached, since every window of a version reads the same one.
 */
public final class BaselineCatalog {

    private static final int CACHE_SIZE = 128;

    private final ReadOnlyKeyValueStore<String, ReferenceProfile> published;
    private final KeyValueStore<String, ReferenceProfile> captured;
    private final Map<String, BaselineSummaries> decoded = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BaselineSummaries> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public BaselineCatalog(ReadOnlyKeyValueStore<String, ReferenceProfile> published,
                           KeyValueStore<String, ReferenceProfile> captured) {
        this.published = published;
        this.captured = captured;
    }

    /** Result of a look-up: the baseline and whether it is another version's. */
    public record Found(BaselineSummaries summaries, boolean fallback) {}

    public static String key(String modelId, String modelVersion) {
        return modelId + '/' + modelVersion;
    }

    /** The version's own baseline (published or captured), or null. */
    public ReferenceProfile own(String modelId, String modelVersion) {
        String key = key(modelId, modelVersion);
        ReferenceProfile p = published.get(key);
        return p != null ? p : captured.get(key);
    }

    /** The baseline to compare a window of this version with, or null when the model has none. */
    public Found find(String modelId, String modelVersion) {
        ReferenceProfile own = own(modelId, modelVersion);
        if (own != null) {
            return new Found(decode(own), false);
        }
        ReferenceProfile latest = latestOf(modelId);
        return latest == null ? null : new Found(decode(latest), true);
    }

    /** Remembers a baseline this instance captured until the global store has it. */
    public void putCaptured(ReferenceProfile profile) {
        captured.put(key(profile.getModelId(), profile.getModelVersion()), profile);
    }

    private ReferenceProfile latestOf(String modelId) {
        ReferenceProfile latest = null;
        for (ReadOnlyKeyValueStore<String, ReferenceProfile> store : java.util.List.of(published, captured)) {
            try (KeyValueIterator<String, ReferenceProfile> it = store.prefixScan(modelId + '/', new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, ReferenceProfile> kv = it.next();
                    if (kv.value != null && (latest == null || kv.value.getCreatedAt().isAfter(latest.getCreatedAt()))) {
                        latest = kv.value;
                    }
                }
            }
        }
        return latest;
    }

    private BaselineSummaries decode(ReferenceProfile profile) {
        String cacheKey = key(profile.getModelId(), profile.getModelVersion()) + '@' + profile.getCreatedAt().toEpochMilli()
            + '#' + profile.getRowCount();
        return decoded.computeIfAbsent(cacheKey, k -> new BaselineSummaries(profile));
    }
}
