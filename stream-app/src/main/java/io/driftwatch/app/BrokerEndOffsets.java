package io.driftwatch.app;

import io.driftwatch.topology.EndOffsetHistory;
import io.driftwatch.topology.InputEndOffsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the broker, at every heartbeat interval, for the committed end offset of each partition of
 * the input topics and for the application's committed position on it, and keeps for each
 * partition since when it has answered ({@link EndOffsetHistory}). A partition whose query fails
 * (broker down, leader unavailable, timeout) has no view until it answers again, so its event time
 * waits. It describes the topics again every minute: the first stage learns from it which of its tasks
 * read no partition of the predictions topic, and of partitions added to it meanwhile.
 *
 * <p>If the cluster refuses the queries (no Describe permission on the topics or on the
 * application's group), idleness falls back to event arrival alone, as before this check existed;
 * the log says so once.
 */
public final class BrokerEndOffsets implements InputEndOffsets, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerEndOffsets.class);
    private static final Duration TOPIC_REFRESH = Duration.ofMinutes(1);

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;
    private final long intervalMs;
    private final long idleMs;
    private final ScheduledExecutorService executor;
    private final Map<TopicPartition, EndOffsetHistory> history = new ConcurrentHashMap<>();
    private volatile List<TopicPartition> partitions = List.of();
    private volatile boolean refused;
    private long described = Long.MIN_VALUE;
    private boolean answering = true;

    private BrokerEndOffsets(Admin admin, String groupId, List<String> topics, Duration interval, Duration idleTimeout) {
        this.admin = admin;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
        this.intervalMs = interval.toMillis();
        this.idleMs = idleTimeout.toMillis();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "driftwatch-end-offsets");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts asking about {@code topics} and the positions of the consumer group {@code groupId} (the
     * application id) every {@code interval}; closing it closes the admin client too.
     */
    public static BrokerEndOffsets start(Map<String, Object> adminConfig, String groupId, List<String> topics,
                                         Duration interval, Duration idleTimeout) {
        BrokerEndOffsets offsets = new BrokerEndOffsets(Admin.create(adminConfig), groupId, topics, interval, idleTimeout);
        offsets.executor.scheduleWithFixedDelay(offsets::poll, 0, offsets.intervalMs, TimeUnit.MILLISECONDS);
        return offsets;
    }

    @Override
    public Optional<PartitionEnd> of(String topic, int partition) {
        if (refused) {
            return InputEndOffsets.alwaysCaughtUp().of(topic, partition);
        }
        EndOffsetHistory h = history.get(new TopicPartition(topic, partition));
        return h == null ? Optional.empty() : h.view();
    }

    @Override
    public int partitions(String topic) {
        int count = 0;
        for (TopicPartition tp : partitions) {
            if (tp.topic().equals(topic)) {
                count++;
            }
        }
        return count;
    }

    private void poll() {
        long timeoutMs = Math.max(5_000, 2 * intervalMs);
        try {
            long now = System.currentTimeMillis();
            if (partitions.isEmpty() || now - described > TOPIC_REFRESH.toMillis()) {
                partitions = describe(timeoutMs);
                described = now;
            }
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
            ListOffsetsResult result = admin.listOffsets(request,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs((int) timeoutMs));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId,
                    new ListConsumerGroupOffsetsOptions().timeoutMs((int) timeoutMs))
                .partitionsToOffsetAndMetadata().get(timeoutMs, TimeUnit.MILLISECONDS);
            int failed = 0;
            for (TopicPartition tp : partitions) {
                try {
                    long offset = result.partitionResult(tp).get(timeoutMs, TimeUnit.MILLISECONDS).offset();
                    OffsetAndMetadata position = committed.get(tp);
                    history.computeIfAbsent(tp, k -> new EndOffsetHistory(idleMs))
                        .answered(System.currentTimeMillis(), offset, position == null ? -1 : position.offset());
                } catch (ExecutionException | TimeoutException e) {
                    if (e.getCause() instanceof AuthorizationException) {
                        throw e;
                    }
                    forget(tp);
                    failed++;
                }
            }
            answered(failed == 0, failed + " of " + partitions.size() + " partitions did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof AuthorizationException) {
                refusedBy(cause);
                return;
            }
            partitions.forEach(this::forget);
            answered(false, cause.toString());
        }
    }

    private List<TopicPartition> describe(long timeoutMs) throws ExecutionException, InterruptedException, TimeoutException {
        Collection<TopicDescription> described = admin.describeTopics(topics).allTopicNames()
            .get(timeoutMs, TimeUnit.MILLISECONDS).values();
        return described.stream()
            .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
            .toList();
    }

    private void forget(TopicPartition tp) {
        EndOffsetHistory h = history.get(tp);
        if (h != null) {
            h.failed();
        }
    }

    private void answered(boolean all, String problem) {
        if (answering && !all) {
            LOG.warn("The broker does not answer for the end of every input partition ({}); partitions without an answer"
                + " keep their event time until it does, so events buffered by producers still count in their windows", problem);
        } else if (!answering && all) {
            LOG.info("The broker answers for every input partition again; idle partitions follow the wall clock after"
                + " {} ms of confirmed quiet", idleMs);
        }
        answering = all;
    }

    private void refusedBy(Throwable cause) {
        if (!refused) {
            LOG.warn("Cannot read the end offsets of {} or the positions of group {} ({}); a partition counts as idle after {} ms without events,"
                + " even during a broker outage. Grant Describe on the input topics and the group to fix this.", topics, groupId,
                cause.toString(), idleMs);
        }
        refused = true;
        executor.shutdown();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
