package io.driftwatch.comparison;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.state.ExpiredRange;
import io.driftwatch.topology.ClockLead;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Pairs the predictions of a primary and a shadow version for the same request (keyed
 * model/request_id), whichever arrives first, in a changelogged store. A pair is emitted once;
 * duplicates of either side are absorbed until the horizon; a prediction still without a partner
 * when stream time passes its event time plus the horizon is reported unpaired and forgotten.
 *
 * <p>Stream time is Kafka Streams' (the largest record timestamp the task has read: a prediction's
 * timestamp as its producer set it, which nothing checks), but never more than {@code window.max.lead}
 * past the clock ({@link ClockLead}): one record stamped an hour ahead by a producer's clock expired every
 * pending pair at once, and the sweeps, scheduled by stream time, stopped for that hour. Sweeps run by
 * stream time, as a backlog's replay needs, and by the wall clock, so that no such record stops them.
 *
 * <p>Who was right: the label join sends the outcome of every primary prediction that names its
 * request ({@link ComparisonInput.RequestOutcome}, same key, same partition). A pair that disagreed is
 * judged by it once ({@link ComparisonInput.ShadowJudged}), whichever of pair and outcome comes first:
 * <ul>
 *   <li>an outcome before the pair is formed waits in the request's entry (pairing horizon) and judges the
 *       pair when it forms;</li>
 *   <li>a pair that disagreed before its outcome came is also <em>parked</em> under
 *       {@code PARKED + primary event time + '|' + key} until the label horizon (plus the pairing horizon,
 *       for transport) has passed since the primary's event time. The outcome carries that event time, so it
 *       finds the parked pair after the request's entry is gone; the time in the key lets the sweep read
 *       only the parked pairs that are due, however many disagreements the label horizon holds;</li>
 *   <li>agreeing pairs are not judged (nothing to tell apart) and are not kept longer than before;</li>
 *   <li>an outcome for a request with no entry and no parked pair is kept only while a partner could still
 *       come (its prediction's time plus the pairing horizon) and dropped at once otherwise; a second
 *       outcome of a request is ignored.</li>
 * </ul>
 * Parked keys start with a NUL character, which no entry key does (requests of a model id starting with
 * one are not paired), so the sweep of entries reads the range above it.
 */
public final class ShadowPairing implements Processor<String, ComparisonInput, String, ComparisonInput> {

    static final String PARKED = "\u0000";
    private static final String ENTRIES_FROM = "\u0001";

    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A request's outcome as far as judging needs it: the true label, or the true value. */
    record Outcome(String label, Double value) {
    }

    /**
     * The pending side(s) of one request; {@code outcome} once it came before the pair was judged;
     * {@code settled} once a formed pair needs nothing more (it agreed, was judged, or cannot be judged).
     * Entries written before outcomes existed read with no outcome and not settled (and were never parked):
     * an outcome within the pairing horizon still judges such a pair if it disagreed.
     */
    record Pending(List<ComparisonInput.Scored> sides, boolean paired, long firstEventTime, Outcome outcome,
                   boolean settled) {

        Pending {
            sides = sides == null ? List.of() : sides;
        }

        ComparisonInput.Scored primary() {
            return sides.stream().filter(ComparisonInput.Scored::primary).findFirst().orElse(null);
        }

        ComparisonInput.Scored shadow() {
            return sides.stream().filter(s -> "shadow".equals(s.role())).findFirst().orElse(null);
        }
    }

    private final String storeName;
    private final long horizonMs;
    private final long parkedMs;
    private final Duration sweepInterval;
    private final ClockLead lead;
    private ProcessorContext<String, ComparisonInput> context;
    private KeyValueStore<String, byte[]> store;

    /** Pairing only: no outcomes come (labels are off), so no pair is kept for one. */
    public ShadowPairing(String storeName, Duration horizon, ClockLead lead) {
        this(storeName, horizon, null, lead);
    }

    /**
     * @param horizon      how long a side waits for its partner, and an early outcome for its pair
     * @param labelHorizon how long outcomes may come after their prediction (the label join's horizon); null when
     *                     labels are off, and then no disagreeing pair is kept for an outcome
     * @param lead         how far past the clock stream time may be
     */
    public ShadowPairing(String storeName, Duration horizon, Duration labelHorizon, ClockLead lead) {
        this.storeName = storeName;
        this.horizonMs = horizon.toMillis();
        this.parkedMs = labelHorizon == null ? -1 : labelHorizon.toMillis() + horizonMs;
        this.sweepInterval = horizon.dividedBy(4).isZero() ? Duration.ofSeconds(1) : horizon.dividedBy(4);
        this.lead = lead;
    }

    @Override
    public void init(ProcessorContext<String, ComparisonInput> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        context.schedule(sweepInterval, PunctuationType.STREAM_TIME, time -> expire(streamTime()));
        context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, time -> expire(streamTime()));
    }

    @Override
    public void process(Record<String, ComparisonInput> record) {
        if (record.key() == null || record.key().startsWith(PARKED)) {
            return; // cannot be told from a parked pair's key
        }
        if (record.value() instanceof ComparisonInput.Scored scored) {
            onScored(record.key(), scored);
        } else if (record.value() instanceof ComparisonInput.RequestOutcome outcome) {
            onOutcome(record.key(), outcome);
        }
    }

    private void onScored(String key, ComparisonInput.Scored scored) {
        byte[] bytes = store.get(key);
        Pending pending = bytes == null ? new Pending(List.of(), false, scored.eventTime(), null, false) : decode(bytes);
        for (ComparisonInput.Scored side : pending.sides()) {
            if (side.version().equals(scored.version())) {
                return; // a duplicate: the first prediction of a version for a request is the one paired
            }
        }
        List<ComparisonInput.Scored> sides = new ArrayList<>(pending.sides());
        sides.add(scored);
        Pending next = new Pending(sides, pending.paired(), Math.min(pending.firstEventTime(), scored.eventTime()),
            pending.outcome(), pending.settled());
        if (!next.paired()) {
            ComparisonInput.Scored primary = next.primary();
            ComparisonInput.Scored shadow = next.shadow();
            if (primary != null && shadow != null) {
                context.forward(new Record<>(scored.model(), new ComparisonInput.ShadowPaired(scored.model(),
                    primary.version(), shadow.version(), primary.label(), shadow.label(), primary.score(), shadow.score()),
                    stamp(Math.max(primary.eventTime(), shadow.eventTime()))));
                next = onPaired(key, next, primary, shadow);
            }
        }
        store.put(key, encode(next));
    }

    /** A pair has just formed: judge it if it disagreed and its outcome is here, park it if the outcome may still come. */
    private Pending onPaired(String key, Pending p, ComparisonInput.Scored primary, ComparisonInput.Scored shadow) {
        boolean settled;
        if (ShadowTally.agree(primary.label(), shadow.label(), primary.score(), shadow.score())) {
            settled = true;
        } else if (p.outcome() != null) {
            judge(primary, shadow, p.outcome());
            settled = true;
        } else if (parkedMs >= 0) {
            store.put(parkedKey(primary.eventTime(), key), encodeParked(primary, shadow));
            settled = false;
        } else {
            settled = true; // no outcomes come
        }
        return new Pending(p.sides(), true, p.firstEventTime(), null, settled);
    }

    private void onOutcome(String key, ComparisonInput.RequestOutcome o) {
        Outcome outcome = new Outcome(o.label(), o.value());
        byte[] bytes = store.get(key);
        if (bytes != null) {
            Pending p = decode(bytes);
            if (p.paired()) {
                if (!p.settled() && p.primary() != null && p.shadow() != null) {
                    judge(p.primary(), p.shadow(), outcome);
                    store.delete(parkedKey(p.primary().eventTime(), key));
                    store.put(key, encode(new Pending(p.sides(), true, p.firstEventTime(), null, true)));
                }
                return; // agreed, judged already, or an entry from before outcomes: nothing to judge
            }
            if (p.outcome() == null) {
                store.put(key, encode(new Pending(p.sides(), false, Math.min(p.firstEventTime(), o.eventTime()), outcome,
                    false)));
            }
            return; // else a duplicate outcome
        }
        String parked = parkedKey(o.eventTime(), key);
        byte[] parkedBytes = store.get(parked);
        if (parkedBytes != null) {
            ComparisonInput.Scored[] pair = decodeParked(parkedBytes);
            judge(pair[0], pair[1], outcome);
            store.delete(parked);
            return;
        }
        if (o.eventTime() + horizonMs >= streamTime()) {
            // The outcome came before either prediction: wait for them, no longer than a partner could.
            store.put(key, encode(new Pending(List.of(), false, o.eventTime(), outcome, false)));
        }
    }

    /** Forwards the judgement of a disagreeing pair, or nothing when the outcome is not of the pair's kind. */
    private void judge(ComparisonInput.Scored control, ComparisonInput.Scored candidate, Outcome outcome) {
        judgement(control, candidate, outcome).ifPresent(j ->
            context.forward(new Record<>(j.model(), j, stamp(Math.max(control.eventTime(), candidate.eventTime())))));
    }

    /**
     * Classification (both versions gave a label, the outcome has one): a version is right when its label is
     * the true one. Regression (no labels, both scores, the outcome has a value): the version with the smaller
     * absolute error is right, neither on a tie. Any other mix cannot be judged, nor can a pair that agreed.
     */
    static Optional<ComparisonInput.ShadowJudged> judgement(ComparisonInput.Scored control,
                                                           ComparisonInput.Scored candidate, Outcome outcome) {
        if (ShadowTally.agree(control.label(), candidate.label(), control.score(), candidate.score())) {
            return Optional.empty();
        }
        if (control.label() != null && candidate.label() != null) {
            if (outcome.label() == null) {
                return Optional.empty();
            }
            return Optional.of(new ComparisonInput.ShadowJudged(control.model(), control.version(), candidate.version(),
                control.label().equals(outcome.label()), candidate.label().equals(outcome.label())));
        }
        if (control.label() == null && candidate.label() == null && outcome.value() != null
            && !Double.isNaN(control.score()) && !Double.isNaN(candidate.score())) {
            double controlError = Math.abs(control.score() - outcome.value());
            double candidateError = Math.abs(candidate.score() - outcome.value());
            return Optional.of(new ComparisonInput.ShadowJudged(control.model(), control.version(), candidate.version(),
                controlError < candidateError, candidateError < controlError));
        }
        return Optional.empty();
    }

    /** A pair's time as the timestamp of the record it sends on, which a broker must accept ({@link ClockLead#recordTimestamp}). */
    private long stamp(long pairTime) {
        return lead.recordTimestamp(pairTime);
    }

    /** The task's stream time, but no more than the allowed lead past the clock. */
    private long streamTime() {
        return Math.min(context.currentStreamTimeMs(), lead.latest());
    }

    private void expire(long streamTime) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(ENTRIES_FROM, null)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Pending p = decode(kv.value);
                if (p.firstEventTime() + horizonMs < streamTime) {
                    expired.add(kv.key);
                    if (!p.paired()) {
                        for (ComparisonInput.Scored side : p.sides()) {
                            if (side.primary() || "shadow".equals(side.role())) {
                                context.forward(new Record<>(side.model(),
                                    new ComparisonInput.ShadowUnpaired(side.model(), side.version(), side.primary()), streamTime));
                            }
                        }
                    }
                }
            }
        }
        expired.forEach(store::delete);
        if (parkedMs >= 0 && streamTime - parkedMs > 0) {
            // Disagreeing pairs whose outcome did not come within the label horizon: never judged.
            ExpiredRange.delete(store, parkedKey(0, ""), parkedKey(streamTime - parkedMs, ""), key -> { });
        }
    }

    /** Sorts by the primary's event time as strings: epoch millis zero-padded to 16 digits, then the request's key. */
    static String parkedKey(long primaryEventTime, String key) {
        return PARKED + String.format(Locale.ROOT, "%016d|%s", Math.max(0, primaryEventTime), key);
    }

    /**
     * A parked pair in binary (model, both versions, labels, scores and event times: 63 bytes for a binary
     * classifier named {@code fraud-detector}), not the JSON of a pending entry (several times that): parked
     * pairs are what the label horizon keeps, for days.
     */
    static byte[] encodeParked(ComparisonInput.Scored control, ComparisonInput.Scored candidate) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1); // format
            out.writeUTF(control.model());
            for (ComparisonInput.Scored side : List.of(control, candidate)) {
                out.writeUTF(side.version());
                out.writeBoolean(side.label() != null);
                if (side.label() != null) {
                    out.writeUTF(side.label());
                }
                out.writeDouble(side.score());
                out.writeLong(side.eventTime());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The parked pair: control (role primary) and candidate (role shadow); their request id is not kept. */
    static ComparisonInput.Scored[] decodeParked(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            in.readByte();
            String model = in.readUTF();
            ComparisonInput.Scored[] pair = new ComparisonInput.Scored[2];
            for (int i = 0; i < 2; i++) {
                String version = in.readUTF();
                String label = in.readBoolean() ? in.readUTF() : null;
                pair[i] = new ComparisonInput.Scored(model, version, i == 0 ? "primary" : "shadow", null, label,
                    in.readDouble(), in.readLong());
            }
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(Pending p) {
        try {
            return JSON.writeValueAsBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pending decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, Pending.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
