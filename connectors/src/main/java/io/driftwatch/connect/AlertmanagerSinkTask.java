package io.driftwatch.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connect.AlertmanagerClient.Refusal;
import io.driftwatch.connect.DeliveryException.Kind;
import io.driftwatch.connect.FiringAlertLedger.Entry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alert transitions to Alertmanager and keeps re-posting the firing ones.
 *
 * <p>Everything happens on the task's own thread, in {@link #put}: Kafka Connect calls it after
 * every consumer poll, also with no records, and the task bounds each poll with
 * {@code context.timeout(...)} so that it is called again when the next re-post is due. A
 * delivery that fails after its retries throws {@link RetriableException}: Connect pauses the
 * partitions and hands the same records to {@code put} again, so no transition is lost while
 * Alertmanager is down.
 */
public final class AlertmanagerSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(AlertmanagerSinkTask.class);

    private final Clock clock;
    private AlertmanagerSinkConfig config;
    private HttpSettings http;
    private ConnectAlertReader reader;
    private PostableAlertMapper mapper;
    private AlertmanagerClient client;
    private FiringAlertLedger ledger;
    private ErrantRecords errant;
    private final BatchProgress reported = new BatchProgress();
    private Instant nextRepost;
    /** Transitions owed to Alertmanager from catching up, kept until a put delivers them. */
    private List<Entry> owedFromCatchUp = List.of();

    public AlertmanagerSinkTask() {
        this(Clock.systemUTC());
    }

    AlertmanagerSinkTask(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        AlertmanagerSinkConfig parsed = new AlertmanagerSinkConfig(props);
        start(parsed, new HttpDelivery(parsed.http()));
    }

    /** Starts with a given HTTP delivery (tests pass one that does not sleep between retries). */
    void start(AlertmanagerSinkConfig parsed, HttpDelivery delivery) {
        config = parsed;
        http = parsed.http();
        reader = new ConnectAlertReader();
        mapper = new PostableAlertMapper(config.generatorUrlTemplate(), config.firingValidity());
        client = new AlertmanagerClient(config.endpoints(), delivery, new ObjectMapper(), config.batchMaxSize());
        ledger = new FiringAlertLedger();
        errant = ErrantRecords.of(context, config.originalsStrings());
        nextRepost = clock.instant().plus(config.repostInterval());
        log.info("Alertmanager sink task started: endpoints {}, re-post every {} ms, state rebuild {}",
                config.endpoints(), config.repostInterval().toMillis(), config.rebuildState());
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (!config.rebuildState() || partitions.isEmpty()) {
            return;
        }
        // Offset 0 is below the log start once retention has deleted segments; the sink consumer's
        // auto.offset.reset (earliest in Connect) then starts at the oldest record still there.
        partitions.forEach(partition -> context.offset(partition, 0L));
        ledger.startCatchingUp(clock.instant());
        log.info("Rebuilding firing alerts from the beginning of {}", partitions);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        ledger.forget(partitions);
        // Another task rebuilds these partitions and owes Alertmanager their transitions now.
        owedFromCatchUp = owedFromCatchUp.stream().filter(entry -> !partitions.contains(entry.partition())).toList();
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        Instant now = clock.instant();
        List<Entry> toPost = new ArrayList<>(ledger.apply(read(records)));
        if (ledger.catchingUp()
                && (records.isEmpty() || ledger.catchingUpFor(now).compareTo(config.repostInterval()) >= 0)) {
            // An empty poll means the consumer is at the end of its partitions. The time limit keeps a
            // topic that never goes quiet from holding back re-posts for good.
            owedFromCatchUp = ledger.finishCatchingUp(now.minus(config.firingValidity()));
            log.info("Caught up: {} alert(s) firing", ledger.firing().size());
            nextRepost = now.plus(config.repostInterval());
        }
        // Owed transitions are the final state after the replayed records, so they go last.
        toPost.addAll(owedFromCatchUp);
        deliver(toPost);
        owedFromCatchUp = List.of();
        reported.batchCompleted();
        now = clock.instant(); // delivering may have taken a retry cycle
        if (!ledger.catchingUp() && !now.isBefore(nextRepost)) {
            repost();
            nextRepost = now.plus(config.repostInterval());
        }
        context.timeout(Math.max(1L, Duration.between(now, nextRepost).toMillis()));
    }

    private List<Entry> read(Collection<SinkRecord> records) {
        List<Entry> entries = new ArrayList<>(records.size());
        for (SinkRecord record : records) {
            if (record.value() == null) {
                continue; // a tombstone carries no transition
            }
            try {
                entries.add(new Entry(reader.read(record.value()), record));
            } catch (DataException e) {
                // Delivering the others may still fail and bring this batch back: report once.
                if (!reported.isDone(record)) {
                    errant.report(record, e);
                    reported.done(record);
                }
            }
        }
        return entries;
    }

    /** The alert Alertmanager gets for a transition, with times as of now: called for every attempt. */
    private PostableAlert postable(Entry entry) {
        return mapper.map(entry.alert(), clock.instant());
    }

    private void deliver(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<Refusal> refusals;
        try {
            refusals = client.send(entries, this::postable, true);
        } catch (DeliveryException e) {
            if (e.kind() == Kind.RETRIABLE) {
                context.timeout(http.retry().maxBackoff().toMillis());
                throw new RetriableException("Alertmanager unavailable, " + entries.size()
                        + " alert(s) will be delivered again: " + e.getMessage(), e);
            }
            throw misconfigured(e);
        }
        for (Refusal refusal : refusals) {
            Entry entry = entries.get(refusal.index());
            ledger.forget(entry.alert().fingerprint());
            errant.report(entry.record(), new ConnectException("Alertmanager refused alert "
                    + entry.alert().fingerprint() + ": " + refusal.reason().getMessage(), refusal.reason()));
        }
    }

    private void repost() {
        List<Entry> firing = ledger.firing();
        if (firing.isEmpty()) {
            return;
        }
        try {
            List<Refusal> refusals = client.send(firing, this::postable, false);
            refusals.forEach(r -> ledger.forget(firing.get(r.index()).alert().fingerprint()));
            log.debug("Re-posted {} firing alert(s)", firing.size() - refusals.size());
        } catch (DeliveryException e) {
            if (e.kind() == Kind.MISCONFIGURED) {
                // Waiting would not help, and Alertmanager resolves the alerts once they expire.
                throw misconfigured(e);
            }
            // The next re-post is the retry; the alerts stay valid in Alertmanager until then.
            log.warn("Re-posting {} firing alert(s) failed, next try in {} ms: {}", firing.size(),
                    config.repostInterval().toMillis(), e.getMessage());
        }
    }

    private static ConnectException misconfigured(DeliveryException e) {
        return new ConnectException("Alertmanager refused the request; check " + AlertmanagerSinkConfig.URLS
                + " and the " + HttpConfig.AUTH_HEADER_NAME + "/" + HttpConfig.AUTH_HEADER_VALUE
                + " settings: " + e.getMessage(), e);
    }

    @Override
    public void stop() {
        log.info("Alertmanager sink task stopped");
    }

    /** How many alerts the task holds; for tests. */
    int ledgerSize() {
        return ledger.size();
    }
}
