package io.driftwatch.topology;

import io.driftwatch.schemas.ReferenceProfile;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store of published baselines in step with the compacted baselines topic. Keys are
 * taken from the record's model and version rather than trusted from the topic key, so a baseline
 * published under a wrong key still lands where it belongs; a tombstone deletes.
 */
final class BaselineStoreUpdater implements Processor<String, ReferenceProfile, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(BaselineStoreUpdater.class);

    private final String storeName;
    private KeyValueStore<String, ReferenceProfile> store;

    BaselineStoreUpdater(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, ReferenceProfile> record) {
        ReferenceProfile profile = record.value();
        if (profile == null) {
            if (record.key() != null) {
                store.delete(record.key());
            }
            return;
        }
        String key = profile.getModelId() + '/' + profile.getModelVersion();
        if (record.key() != null && !record.key().equals(key)) {
            LOG.warn("Baseline record keyed '{}' is for {}; storing it under {}", record.key(), key, key);
        }
        store.put(key, profile);
    }
}
