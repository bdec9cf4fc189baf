package io.driftwatch.connect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What an Alertmanager sink task knows about the alerts of its partitions: the latest transition
 * of every alert that is firing, so that the task can re-post them before Alertmanager lets them
 * expire.
 *
 * <p><b>Catching up.</b> A sink task sees only records after its committed offsets, so after a
 * restart or a rebalance it would not know which alerts are still firing. The task therefore
 * rewinds its new partitions to the beginning and the ledger <em>catches up</em>: replayed records
 * only update it, and nothing is posted record by record (which would flap alerts that fired and
 * resolved long ago). When the task has caught up, {@link #finishCatchingUp} yields what to post
 * once: every firing alert, plus the alerts resolved recently enough that Alertmanager may still
 * hold them as active. Alerts are keyed by fingerprint on the topic, so every transition of one
 * alert is in one partition, in order.
 *
 * <p>Not thread-safe: a sink task is called from one thread.
 */
final class FiringAlertLedger {

    /** A transition and the record it came from (for error reporting and, without emitted_at, its timestamp). */
    record Entry(AlertTransition alert, SinkRecord record) {
        Entry {
            Objects.requireNonNull(alert, "alert");
            Objects.requireNonNull(record, "record");
        }

        TopicPartition partition() {
            return new TopicPartition(record.topic(), record.kafkaPartition());
        }

        /**
         * When the transition was written: the alert's emitted_at, else the record's timestamp, else
         * null. Driftwatch stamps alert records with the end of their window, before emitted_at.
         */
        Instant writtenAt() {
            if (alert.emittedAt() != null) {
                return alert.emittedAt();
            }
            Long timestamp = record.timestamp();
            return timestamp != null && timestamp >= 0 ? Instant.ofEpochMilli(timestamp) : null;
        }
    }

    private final Map<String, Entry> latest = new LinkedHashMap<>();
    private Instant catchingUpSince;

    /** Partitions were assigned and rewound: treat what comes next as replay until caught up. */
    void startCatchingUp(Instant now) {
        catchingUpSince = now;
    }

    boolean catchingUp() {
        return catchingUpSince != null;
    }

    /** How long the ledger has been catching up; zero when it is not. */
    Duration catchingUpFor(Instant now) {
        return catchingUpSince == null ? Duration.ZERO : Duration.between(catchingUpSince, now);
    }

    /**
     * Applies a batch of transitions in offset order.
     *
     * @return the transitions to post now, in order: the whole batch, or nothing while catching up
     */
    List<Entry> apply(List<Entry> batch) {
        for (Entry entry : batch) {
            String fingerprint = entry.alert().fingerprint();
            // Re-insert so that iteration order follows the latest transition.
            latest.remove(fingerprint);
            if (entry.alert().firing() || catchingUp()) {
                latest.put(fingerprint, entry);
            }
        }
        return catchingUp() ? List.of() : List.copyOf(batch);
    }

    /**
     * Ends catching up.
     *
     * @param resolvedSince resolved alerts written at or after this instant are returned too:
     *                      Alertmanager may still hold them as firing from before the restart
     * @return the transitions to post: every firing alert, and the recently resolved ones
     */
    List<Entry> finishCatchingUp(Instant resolvedSince) {
        catchingUpSince = null;
        List<Entry> toPost = new ArrayList<>();
        Iterator<Entry> entries = latest.values().iterator();
        while (entries.hasNext()) {
            Entry entry = entries.next();
            if (entry.alert().firing()) {
                toPost.add(entry);
            } else {
                Instant writtenAt = entry.writtenAt();
                if (writtenAt == null || !writtenAt.isBefore(resolvedSince)) {
                    toPost.add(entry);
                }
                entries.remove();
            }
        }
        return toPost;
    }

    /** The latest transition of every firing alert. */
    List<Entry> firing() {
        return latest.values().stream().filter(entry -> entry.alert().firing()).toList();
    }

    /** Partitions were revoked: their alerts are another task's now. */
    void forget(Collection<TopicPartition> partitions) {
        latest.values().removeIf(entry -> partitions.contains(entry.partition()));
    }

    /** Alertmanager refused this alert: do not re-post it. */
    void forget(String fingerprint) {
        latest.remove(fingerprint);
    }

    int size() {
        return latest.size();
    }
}
