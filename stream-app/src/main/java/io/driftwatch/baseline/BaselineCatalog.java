package io.driftwatch.baseline;

import io.driftwatch.schemas.ReferenceProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the baseline of a model version: its own published baseline (the global store over the
 * compacted baselines topic), else one this instance captured and is still waiting to see come back
 * through the topic (and forgets once it has), else the model's most recent baseline of any version (a fallback the report
 * states). Decoded baselines are cached, since every window of a version reads the same one.
 */
public final class BaselineCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(BaselineCatalog.class);
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

    private final Map<String, Boolean> unreadable = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
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
        if (p == null) {
            return captured.get(key);
        }
        if (captured.get(key) != null) {
            // The topic has it back (or a published one replaced it): a copy kept longer would double, for every
            // version ever captured, what the compacted topic already keeps.
            captured.delete(key);
        }
        return p;
    }

    /**
     * The baseline to compare a window of this version with, or null when the model has none. A baseline that
     * cannot be read (a sketch that does not decode) is passed over, logged once: the window is reported without
     * it, not lost to an exception.
     */
    public Found find(String modelId, String modelVersion) {
        ReferenceProfile own = own(modelId, modelVersion);
        BaselineSummaries ownSummaries = own == null ? null : decode(own);
        if (ownSummaries != null) {
            return new Found(ownSummaries, false);
        }
        BaselineSummaries latest = latestReadableOf(modelId);
        return latest == null ? null : new Found(latest, true);
    }

    /** Remembers a baseline this instance captured until the global store has it. */
    public void putCaptured(ReferenceProfile profile) {
        captured.put(key(profile.getModelId(), profile.getModelVersion()), profile);
    }

    /** The model's most recent baseline of any version that can be read, or null. */
    private BaselineSummaries latestReadableOf(String modelId) {
        java.util.List<ReferenceProfile> all = new java.util.ArrayList<>();
        for (ReadOnlyKeyValueStore<String, ReferenceProfile> store : java.util.List.of(published, captured)) {
            try (KeyValueIterator<String, ReferenceProfile> it = store.prefixScan(modelId + '/', new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, ReferenceProfile> kv = it.next();
                    if (kv.value != null) {
                        all.add(kv.value);
                    }
                }
            }
        }
        all.sort(java.util.Comparator.comparing(ReferenceProfile::getCreatedAt).reversed());
        for (ReferenceProfile candidate : all) {
            BaselineSummaries summaries = decode(candidate);
            if (summaries != null) {
                return summaries;
            }
        }
        return null;
    }

    private BaselineSummaries decode(ReferenceProfile profile) {
        String cacheKey = key(profile.getModelId(), profile.getModelVersion()) + '@' + profile.getCreatedAt().toEpochMilli()
            + '#' + profile.getRowCount();
        BaselineSummaries summaries = decoded.get(cacheKey);
        if (summaries != null || unreadable.containsKey(cacheKey)) {
            return summaries;
        }
        try {
            summaries = new BaselineSummaries(profile);
        } catch (RuntimeException e) {
            LOG.error("Baseline {} (created {}) cannot be read, so its version's windows are reported without it until a"
                + " readable one is published: {}", key(profile.getModelId(), profile.getModelVersion()),
                profile.getCreatedAt(), e.getMessage());
            unreadable.put(cacheKey, Boolean.TRUE);
            return null;
        }
        decoded.put(cacheKey, summaries);
        return summaries;
    }
}
