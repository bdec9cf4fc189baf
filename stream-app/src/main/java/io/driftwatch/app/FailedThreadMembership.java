package io.driftwatch.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up the static group membership of a stream thread that failed, so that its tasks move to
 * the thread that replaces it at once, instead of after {@code session.timeout.ms}.
 *
 * <p>Kafka Streams (4.3) replaces a failed thread with a new one under a new thread index, hence a
 * new {@code group.instance.id} ({@code <base>-<index>}), and closes the failed thread's consumer
 * without leaving the group. A static member that does not leave keeps its partitions until its
 * session times out (45 s by default): every failure that replaces a thread (a schema registry or
 * broker outage that fails a task) stalled the failed thread's partitions that long. Removing the
 * member by its instance id, as {@code KafkaStreams.removeStreamThread} does for a thread it removes,
 * makes the coordinator rebalance now.
 *
 * <p>Without static membership ({@code group.protocol=streams}) there is no instance id to remove,
 * and this does nothing.
 */
final class FailedThreadMembership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FailedThreadMembership.class);
    private static final String THREAD_SUFFIX = "-StreamThread-";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String groupId;
    private final String instanceIdBase;
    private final Map<String, Object> adminProperties;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "driftwatch-failed-member-removal");
        t.setDaemon(true);
        return t;
    });

    private FailedThreadMembership(String groupId, String instanceIdBase, Map<String, Object> adminProperties) {
        this.groupId = groupId;
        this.instanceIdBase = instanceIdBase;
        this.adminProperties = adminProperties;
    }

    /** For the Kafka Streams settings {@code streams}; {@code admin} reaches the same cluster. */
    static FailedThreadMembership of(Properties streams, Map<String, Object> admin) {
        return new FailedThreadMembership(streams.getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
            instanceIdBase(streams).orElse(null), admin);
    }

    /**
     * The {@code group.instance.id} Kafka Streams' main consumers are given before it appends the
     * thread index, as it resolves it: the {@code main.consumer.} prefix first, then {@code consumer.},
     * then the unprefixed setting.
     */
    static Optional<String> instanceIdBase(Properties streams) {
        for (String key : List.of(StreamsConfig.mainConsumerPrefix("group.instance.id"),
            StreamsConfig.consumerPrefix("group.instance.id"), "group.instance.id")) {
            String value = streams.getProperty(key);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The instance id of the stream thread named {@code threadName}; empty for another thread. */
    static Optional<String> instanceIdOf(String instanceIdBase, String threadName) {
        int at = threadName.lastIndexOf(THREAD_SUFFIX);
        if (instanceIdBase == null || at < 0) {
            return Optional.empty();
        }
        String index = threadName.substring(at + THREAD_SUFFIX.length());
        return index.chars().allMatch(Character::isDigit) && !index.isEmpty()
            ? Optional.of(instanceIdBase + "-" + index) : Optional.empty();
    }

    /**
     * Called on the stream thread {@code failed} as it fails, before Kafka Streams replaces it: once
     * the thread has closed its consumer and ended, its membership is removed.
     */
    void release(Thread failed) {
        instanceIdOf(instanceIdBase, failed.getName()).ifPresent(member -> executor.execute(() -> remove(failed, member)));
    }

    private void remove(Thread failed, String member) {
        try {
            failed.join(WAIT.toMillis());
            try (Admin admin = Admin.create(adminProperties)) {
                admin.removeMembersFromConsumerGroup(groupId,
                    new RemoveMembersFromConsumerGroupOptions(List.of(new MemberToRemove(member))))
                    .all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            LOG.info("Removed group member {} of the failed stream thread, so that its tasks are reassigned now rather than"
                + " after session.timeout.ms", member);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownMemberIdException) {
                LOG.debug("Group member {} of the failed stream thread had already left", member);
            } else {
                LOG.warn("Could not remove group member {} of the failed stream thread ({}); its tasks move when its session"
                    + " times out (session.timeout.ms)", member, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            LOG.warn("Removing group member {} of the failed stream thread took more than {} s; its tasks move when its"
                + " session times out (session.timeout.ms)", member, WAIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Could not remove group member {} of the failed stream thread ({})", member, e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
