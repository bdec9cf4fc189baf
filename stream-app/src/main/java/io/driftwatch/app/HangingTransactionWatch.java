package io.driftwatch.app;

import io.driftwatch.app.OpenTransaction.CoordinatorView;
import io.driftwatch.config.DriftwatchConfig.HangingTransactionSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the restores, the tasks and the readers of the output held by a transaction that will never end.
 *
 * <p>Under exactly-once, Kafka Streams restores a store by reading its changelog with {@code read_committed} up
 * to the log end offset it found at the start ({@code StoreChangelogReader}; KAFKA-10167 says why the log end
 * and not the last stable offset), its tasks read their input with {@code read_committed} too, and so must every
 * reader of Driftwatch's output (the Connect sinks do). Such a reader never passes an open transaction, so one
 * that nobody will end, a <em>hanging</em> transaction whose producer is gone and whose coordinator no longer
 * tracks it, holds it for good and without an error: a restore that never ends, a task that never reads on, or
 * alerts that never reach anyone. One unexplained failure of CrashRecoveryIT had that shape: after a killed
 * instance and a broker restart, one store of the next instance never finished restoring, and the instance stayed
 * in REBALANCING.
 *
 * <p>Every check, this watch takes the store partitions whose restore has not advanced for
 * {@code hanging.transactions.stall.timeout} ({@link StateRestoreProgress}), the input partitions of its tasks whose
 * committed position has stayed at an open transaction for as long, and the output partitions whose last stable
 * offset has stayed below their end for as long ({@link StalledReads}). It asks each partition's leader which
 * transaction is open at its last stable offset, and the transaction coordinator about that producer. A
 * transaction that has hung by Kafka's own rule ({@link OpenTransaction#whyHanging}) at every check for longer
 * than both the stall timeout and Driftwatch's own {@code transaction.timeout.ms} ({@link HangingTransactionJudge})
 * is aborted as {@code kafka-transactions.sh abort} would, on the topics only Driftwatch writes (changelogs,
 * repartition topics and output topics). On the input topics its users write, and with
 * {@code hanging.transactions.abort=false}, the log gives that command instead. A transaction its
 * coordinator still tracks is left to the coordinator, which aborts it when it times out.
 */
final class HangingTransactionWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactionWatch.class);
    private static final long REQUEST_TIMEOUT_MS = 30_000;
    /** The key in {@link #reported} of what concerns no one partition. */
    private static final TopicPartition NO_PARTITION = new TopicPartition("", -1);

    private final Admin admin;
    private final StateRestoreProgress progress;
    private final StalledReads reads;
    private final StalledReads outputs;
    private final List<String> outputTopics;
    private final String groupId;
    private final Supplier<Set<TopicPartition>> assignedInputs;
    private final long stallMs;
    private final long minHangMs;
    private final boolean abortsOn;
    private final HangingTransactionJudge judge;
    private final String bootstrapServers;
    private final Clock clock;
    private final Counter aborted;
    private final AtomicInteger stalledPartitions = new AtomicInteger();
    /** What was last said about each held partition, so that a long stall is not reported at every check. */
    private final Map<TopicPartition, String> reported = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    /**
     * @param applicationId  the consumer group of the tasks, and the prefix of the internal topics
     * @param assignedInputs the input partitions of this instance's active tasks now
     * @param outputTopics   the topics Driftwatch writes for others to read (alerts, reports, audit, ...)
     */
    HangingTransactionWatch(Admin admin, StateRestoreProgress progress, String applicationId,
                            Supplier<Set<TopicPartition>> assignedInputs, List<String> outputTopics, HangingTransactionSettings settings,
                            long transactionTimeoutMs, String bootstrapServers, MeterRegistry registry, Clock clock) {
        this.admin = admin;
        this.progress = progress;
        this.groupId = applicationId;
        this.assignedInputs = assignedInputs;
        this.stallMs = settings.stallTimeout().toMillis();
        this.reads = new StalledReads(stallMs, "the processing of", topic -> topic.startsWith(applicationId + "-"));
        this.outputs = new StalledReads(stallMs, "every read_committed reader of", topic -> true);
        this.outputTopics = List.copyOf(outputTopics);
        this.minHangMs = Math.max(stallMs, transactionTimeoutMs);
        this.abortsOn = settings.abortHangingTransactions();
        this.judge = new HangingTransactionJudge(minHangMs, abortsOn);
        this.bootstrapServers = bootstrapServers;
        this.clock = clock;
        this.aborted = Counter.builder("driftwatch_hanging_transactions_aborted")
            .description("Transactions that held a restore, a task or an output topic's readers and that their"
                + " coordinator no longer tracked, aborted by this instance")
            .register(registry);
        Gauge.builder("driftwatch_partitions_held", stalledPartitions, AtomicInteger::get)
            .description("Changelog, input and output partitions held at an open transaction for"
                + " hanging.transactions.stall.timeout")
            .register(registry);
    }

    /** Checks every quarter of the stall timeout (between 1 s and 15 s) until closed. */
    HangingTransactionWatch start() {
        long every = Math.max(1_000, Math.min(stallMs / 4, 15_000));
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "driftwatch-hanging-transactions");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::checkQuietly, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            if (e.getCause() instanceof AuthorizationException) {
                report(NO_PARTITION, "refused", () -> LOG.warn("Cannot tell what holds a stalled restore or task: the"
                    + " cluster refuses a request ({}). kafka-transactions.sh find-hanging finds a hanging transaction by"
                    + " hand", e.getCause().getMessage()));
            } else {
                LOG.debug("Could not ask the broker about stalled restores and tasks; asking again at the next check: {}",
                    e.toString());
            }
        } catch (RuntimeException e) {
            LOG.warn("Checking stalled restores and tasks failed; checking again at the next check", e);
        }
    }

    /** One check: finds what holds each stalled restore, task or output, and aborts what hangs. */
    void check() throws InterruptedException, ExecutionException, TimeoutException {
        List<HeldPartition> restores = progress.stalledFor(Duration.ofMillis(stallMs));
        Map<TopicPartition, Long> committed = committedInputs();
        List<TopicPartition> outputPartitions = outputPartitions();
        // One question to the broker for the last stable and the end offsets of every partition looked at.
        Set<TopicPartition> looked = new java.util.HashSet<>(committed.keySet());
        looked.addAll(outputPartitions);
        restores.forEach(h -> looked.add(h.partition()));
        Map<TopicPartition, Long> stable = offsets(looked, IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, Long> end = offsets(looked, IsolationLevel.READ_UNCOMMITTED);
        long now = clock.millis();

        Map<TopicPartition, HeldPartition> stalled = new LinkedHashMap<>();
        restores.forEach(h -> stalled.putIfAbsent(h.partition(), h));
        reads.update(committed, stable, end, now).forEach(h -> stalled.putIfAbsent(h.partition(), h));
        // An output's readers are not Driftwatch's: its position is its last stable offset itself.
        outputs.update(outputPartitions.stream().collect(Collectors.toMap(Function.identity(), stable::get)), stable, end,
            now).forEach(h -> stalled.putIfAbsent(h.partition(), h));
        stalledPartitions.set(stalled.size());
        reported.keySet().removeIf(tp -> tp != NO_PARTITION && !stalled.containsKey(tp));
        if (stalled.isEmpty()) {
            judge.endCheck();
            return;
        }
        List<TopicPartition> held = stalled.keySet().stream().filter(tp -> stable.get(tp) < end.get(tp)).toList();
        stalled.forEach((tp, h) -> {
            if (!held.contains(tp)) {
                report(tp, "free", () -> LOG.warn("{} has not advanced for {} s, and no open transaction holds it (its"
                    + " last stable offset is its end, {}): it waits on the broker", capitalized(h.what()), seconds(h),
                    end.get(tp)));
            }
        });
        Map<TopicPartition, OpenTransaction> open = openTransactions(held, stable);
        Map<Long, CoordinatorView> coordinators = coordinatorViews(open.values().stream()
            .map(OpenTransaction::producerId).collect(Collectors.toSet()));
        for (OpenTransaction o : open.values()) {
            HeldPartition h = stalled.get(o.partition());
            Optional<CoordinatorView> coordinator = Optional.ofNullable(coordinators.get(o.producerId()));
            Optional<String> why = o.whyHanging(coordinator);
            switch (judge.judge(o, coordinator, clock.millis())) {
                case WAIT -> report(o.partition(), "open " + o.producerId() + "@" + o.startOffset(), () -> LOG.info(
                    "{} waits for the transaction producer id {} opened at offset {}; its coordinator still tracks it"
                        + " and ends it, at the latest when it times out", capitalized(h.what()), o.producerId(),
                    o.startOffset()));
                case HANGING -> report(o.partition(), "hanging " + o, () -> {
                    String found = capitalized(h.what()) + " is held for good by a hanging transaction: producer id "
                        + o.producerId() + " opened it at offset " + o.startOffset() + " and " + why.get() + ". ";
                    if (abortsOn && h.ours()) {
                        LOG.warn("{}Driftwatch aborts it if it still hangs in {} s", found, minHangMs / 1000);
                    } else {
                        LOG.error("{}Abort it with: {}{}", found, o.abortCommand(bootstrapServers), h.ours()
                            ? " (or set hanging.transactions.abort=true)"
                            : " (Driftwatch aborts transactions only on the topics it alone writes)");
                    }
                });
                case ABORT -> {
                    if (h.ours()) {
                        abort(o, h, why.get());
                    }
                }
            }
        }
        judge.endCheck();
    }

    /**
     * The group's committed position on each input partition of this instance's tasks; none while it has no task
     * (a rebalance, or not yet running), and then what was waiting is no longer this instance's.
     */
    private Map<TopicPartition, Long> committedInputs() throws InterruptedException, ExecutionException, TimeoutException {
        Set<TopicPartition> inputs = assignedInputs.get();
        if (inputs.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> committed = new HashMap<>();
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .forEach((tp, offset) -> {
                if (offset != null && inputs.contains(tp)) {
                    committed.put(tp, offset.offset());
                }
            });
        return committed;
    }

    /**
     * The partitions of the output topics. Every {@code read_committed} reader of them (a Connect sink, the CLI) waits
     * at their last stable offset, and a hanging transaction there would keep alerts from everyone who reads them.
     * Every instance looks, since no task reads them.
     */
    private List<TopicPartition> outputPartitions() throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = new ArrayList<>();
        for (var described : admin.describeTopics(outputTopics).topicNameValues().entrySet()) {
            try {
                described.getValue().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).partitions()
                    .forEach(p -> partitions.add(new TopicPartition(described.getKey(), p.partition())));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                // A topic this deployment does not use (no comparisons, say): nothing to wait on there.
            }
        }
        return partitions;
    }

    private void abort(OpenTransaction o, HeldPartition h, String why) throws InterruptedException, TimeoutException {
        try {
            admin.abortTransaction(new AbortTransactionSpec(o.partition(), o.producerId(), (short) o.producerEpoch(),
                o.coordinatorEpoch())).all().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            aborted.increment();
            reported.remove(o.partition());
            LOG.warn("Aborted a hanging transaction that held {} for {} s: producer id {} (epoch {}) opened it at offset {}"
                + " and {}. No read_committed reader could ever have read its records; the readers go on", h.what(),
                seconds(h), o.producerId(), o.producerEpoch(), o.startOffset(), why);
        } catch (ExecutionException e) {
            String hint = e.getCause() instanceof AuthorizationException
                ? "Driftwatch may not write transaction markers; it needs Alter on the cluster" : e.getCause().toString();
            report(o.partition(), "refused " + o, () -> LOG.error("{} is held for good by a hanging transaction (producer"
                + " id {} opened it at offset {} and {}), and aborting it failed ({}). Abort it with: {}",
                capitalized(h.what()), o.producerId(), o.startOffset(), why, hint, o.abortCommand(bootstrapServers)));
        }
    }

    /** The transaction open at each partition's last stable offset, as its leader describes its producers. */
    private Map<TopicPartition, OpenTransaction> openTransactions(List<TopicPartition> partitions,
                                                                  Map<TopicPartition, Long> stable)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OpenTransaction> open = new HashMap<>();
        admin.describeProducers(partitions).all().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).forEach((tp, state) -> {
            for (ProducerState p : state.activeProducers()) {
                if (p.currentTransactionStartOffset().isPresent()
                        && p.currentTransactionStartOffset().getAsLong() == stable.get(tp)) {
                    open.put(tp, new OpenTransaction(tp, p.producerId(), p.producerEpoch(), p.coordinatorEpoch().orElse(-1),
                        p.currentTransactionStartOffset().getAsLong(), p.lastTimestamp()));
                }
            }
        });
        return open;
    }

    /** For each producer id, the coordinator's view of the transactional id that owns it now, if one does. */
    private Map<Long, CoordinatorView> coordinatorViews(Collection<Long> producerIds)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (producerIds.isEmpty()) {
            return Map.of();
        }
        Collection<TransactionListing> listings = admin.listTransactions(new ListTransactionsOptions()
            .filterProducerIds(producerIds)).all().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<String, Long> owners = listings.stream().collect(Collectors.toMap(TransactionListing::transactionalId,
            TransactionListing::producerId, (a, b) -> a));
        Map<Long, CoordinatorView> views = new HashMap<>();
        var described = admin.describeTransactions(owners.keySet());
        for (String id : owners.keySet()) {
            try {
                TransactionDescription d = described.description(id).get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                views.put(owners.get(id), new CoordinatorView(id, d.producerId(), d.state().toString(), d.topicPartitions()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TransactionalIdNotFoundException)) {
                    throw e;
                }
            }
        }
        return views;
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, IsolationLevel isolation)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest())),
                new ListOffsetsOptions(isolation)).all().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private void report(TopicPartition partition, String what, Runnable log) {
        if (!what.equals(reported.put(partition, what))) {
            log.run();
        }
    }

    private long seconds(HeldPartition h) {
        return (clock.millis() - h.sinceMs()) / 1000;
    }

    private static String capitalized(String what) {
        return Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
