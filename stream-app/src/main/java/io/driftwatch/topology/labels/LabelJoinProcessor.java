package io.driftwatch.topology.labels;

import io.driftwatch.config.DriftwatchConfig.LabelSettings;
import io.driftwatch.performance.ClassificationAccumulator;
import io.driftwatch.performance.WindowQuality;
import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowKey;
import io.driftwatch.state.ExpiredRange;
import io.driftwatch.state.LiveObjectStore;
import io.driftwatch.topology.ClockLead;
import io.driftwatch.topology.bus.BusMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins outcomes to predictions by prediction id, whichever comes first, within the label horizon.
 *
 * <p>A prediction waits in a window store whose retention is the horizon (and a bucket), so expiry costs
 * nothing (whole segments are dropped, no timer scans records); it is kept in {@link PendingPredictionCodec}'s
 * compact form under its id ({@link PredictionIdCodec}: a UUID in 17 bytes), at the start of its event time's
 * bucket ({@link PendingPredictionLayout}), so that an outcome finds it by a point lookup per bucket.
 * Once joined its entry is replaced by a marker, so a duplicate outcome is recognised and ignored: a
 * labelled prediction costs the changelog two records, the second about 35 bytes. A prediction sent again
 * keeps the earliest copy, and an outcome joins it unless one is joined already ({@link PendingPredictions}).
 * An outcome that comes first waits in a key-value store with a time index; if no prediction comes
 * within the horizon it is counted as unmatched and dropped.
 *
 * <p>Each joined pair is added to the quality of its prediction's window and its error to its
 * version's error stream. A prediction with no answer (a failed request: no label, score, class probabilities
 * or value) is joined like any other, so that a second outcome is a duplicate, but only counted as unscorable.
 * What was joined since the last heartbeat is sent to the merge stage, and deleted here, at every heartbeat;
 * the pending deltas live in a store flushed before each commit, so nothing is lost or sent twice across a crash.
 *
 * <p>The join's stream time is the largest event time of its inputs, where an input stamped more than
 * {@code window.max.lead} past the clock ({@link ClockLead}: a producer or labelling system whose clock is wrong)
 * counts as stamped at the clock plus the lead. Such a prediction is kept only if it falls in a bucket already in
 * use; one in a later bucket is counted ({@code driftwatch_label_join_ahead_total}) and not kept, so its outcome
 * is unmatched. Stored in its own bucket, it would move the store's time: every later prediction of the partition
 * would be out of the store's retention, or out of every outcome's lookups, for as long as its lead (with a
 * label horizon shorter than that lead).
 *
 * <p>A joined prediction that carries a request id (a primary prediction naming its request) also sends
 * its outcome at once as a {@link JoinOutput.RequestOutcome}, keyed model/request_id, for shadow pairing
 * to judge which version of a disagreeing pair was right. Duplicate outcomes never get that far.
 */
public final class LabelJoinProcessor implements Processor<String, JoinInput, String, JoinOutput> {

    private final JoinStores stores;
    private final LabelSettings labels;
    private final ProfileSettings profile;
    private final AgreedWindowLayout windows;
    private final Duration flushInterval;
    private final MeterRegistry metrics;
    private final ClassificationAccumulator.Config classification;
    private final PendingPredictionLayout layout;

    private ProcessorContext<String, JoinOutput> context;
    private PendingPredictions predictions;
    private KeyValueStore<String, byte[]> outcomes;
    private KeyValueStore<String, byte[]> outcomeExpiry;
    private LiveObjectStore<WindowQuality> deltas;
    private LiveObjectStore<ErrorBuffer> errors;
    private String source;
    private long streamTime = Long.MIN_VALUE;
    private Counter joined;
    private Counter duplicates;
    private Counter unmatched;
    private Counter unscorable;
    private Counter wrongKind;
    private Counter ahead;
    private final ClockLead lead;

    /** Names of the join's stores. */
    public record JoinStores(String predictions, String outcomes, String outcomeExpiry, String deltas, String errors) {
        public static JoinStores defaults() {
            return new JoinStores("label-join-predictions", "label-join-outcomes", "label-join-outcome-expiry",
                "label-join-quality", "label-join-errors");
        }
    }

    public LabelJoinProcessor(JoinStores stores, PendingPredictionLayout layout, LabelSettings labels,
                              ProfileSettings profile, AgreedWindowLayout windows, Duration flushInterval, MeterRegistry metrics,
                              ClockLead lead) {
        this.stores = stores;
        this.layout = layout;
        this.labels = labels;
        this.profile = profile;
        this.windows = windows;
        this.flushInterval = flushInterval;
        this.metrics = metrics;
        this.lead = lead;
        this.classification = new ClassificationAccumulator.Config(profile.positiveLabel(), labels.negativeLabel(),
            ClassificationAccumulator.Config.defaults().maxClasses(), ClassificationAccumulator.Config.defaults().scoreBins(),
            profile.decisionThreshold());
    }

    @Override
    public void init(ProcessorContext<String, JoinOutput> context) {
        this.context = context;
        this.outcomes = context.getStateStore(stores.outcomes());
        this.outcomeExpiry = context.getStateStore(stores.outcomeExpiry());
        // Built here: it reads the lists of attributes pending predictions were written with from a restored store.
        PendingPredictionCodec codec = new PendingPredictionCodec(
            new SegmentAttributeLists(outcomeExpiry, profile.segmentAttributes()), layout);
        this.predictions = new PendingPredictions(context.getStateStore(stores.predictions()), outcomeExpiry, layout, codec);
        this.deltas = context.getStateStore(stores.deltas());
        this.errors = context.getStateStore(stores.errors());
        this.source = "labels-" + context.taskId().partition();
        // As after a restart: a revived task (init again, same instance) replays from its last commit.
        this.streamTime = Long.MIN_VALUE;
        this.joined = Counter.builder("driftwatch_outcomes_joined").description("Outcomes joined to their prediction")
            .register(metrics);
        this.duplicates = Counter.builder("driftwatch_outcomes_duplicate")
            .description("Outcomes ignored because their prediction already had one").register(metrics);
        this.unmatched = Counter.builder("driftwatch_outcomes_unmatched")
            .description("Outcomes whose prediction did not arrive within the label horizon").register(metrics);
        this.unscorable = unscorableCounter("no_answer");
        this.wrongKind = unscorableCounter("wrong_kind");
        this.ahead = Counter.builder("driftwatch_label_join_ahead")
            .description("Predictions stamped more than window.max.lead past the clock, in a bucket of the join not yet"
                + " in use, not kept for their outcome").register(metrics);
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<String, JoinInput> record) {
        JoinInput input = record.value();
        long at = lead.bounded(input.eventTime(), context.currentSystemTimeMs());
        boolean stampedAhead = at != input.eventTime();
        streamTime = Math.max(streamTime, at);
        if (input instanceof JoinInput.PredictionFacts p) {
            if (stampedAhead && predictions.inANewBucket(p.eventTime(), streamTime)) {
                ahead.increment();
                return;
            }
            onPrediction(p);
        } else {
            onOutcome((JoinInput.OutcomeFacts) input);
        }
    }

    private void onPrediction(JoinInput.PredictionFacts p) {
        byte[] waiting = outcomes.get(p.predictionId());
        if (waiting != null) {
            JoinInput.OutcomeFacts o = (JoinInput.OutcomeFacts) JoinInputSerde.decode(waiting);
            // Joined before the stores record it: should the join throw, the outcome still waits and nothing is marked.
            join(p, o);
            outcomes.delete(p.predictionId());
            outcomeExpiry.delete(expiryKey(o.eventTime(), p.predictionId()));
            predictions.markJoined(p);
            return;
        }
        predictions.offer(p, streamTime);
    }

    private void onOutcome(JoinInput.OutcomeFacts o) {
        PendingPredictions.Found found = predictions.find(o.predictionId(), streamTime);
        if (found != null) {
            if (found.joined()) {
                duplicates.increment();
                return;
            }
            JoinInput.PredictionFacts p = predictions.decode(o.predictionId(), found);
            join(p, o);
            predictions.markJoined(found);
            return;
        }
        if (outcomes.get(o.predictionId()) != null) {
            duplicates.increment();
            return;
        }
        outcomes.put(o.predictionId(), JoinInputSerde.encode(o));
        outcomeExpiry.put(expiryKey(o.eventTime(), o.predictionId()), new byte[0]);
    }

    private void join(JoinInput.PredictionFacts p, JoinInput.OutcomeFacts o) {
        if (!hasAnswer(p)) {
            // A failed request (error, prediction {}): the outcome is its own, so it is matched and a second one is a
            // duplicate, but there is nothing to score; the failure already counts in the window's error_count.
            unscorable.increment();
            return;
        }
        long windowStart = windows.current().startOf(p.eventTime());
        WindowKey window = new WindowKey(p.modelId(), p.modelVersion(), windowStart);
        boolean regression = p.value() != null && p.score() == null && p.label() == null;
        if (regression && o.value() == null || !regression && o.label() == null) {
            // A label for a regression, or a value for a classification: nothing to score it with, but counted, or
            // a labelling system sending the wrong field would look like one whose outcomes never come.
            wrongKind.increment();
            return;
        }
        WindowQuality quality = deltas.getForUpdate(window.encode(),
            () -> new WindowQuality(classification, profile.segmentAttributes(), profile.maxSegmentValues()));
        double error;
        if (regression) {
            quality.addRegression(p.value(), o.value());
            error = Math.abs(p.value() - o.value());
        } else {
            quality.addClassification(p.label(), p.score(), p.probabilities(), o.label(), p.segments());
            error = predictedLabel(p).equals(o.label()) ? 0.0 : 1.0;
        }
        if (!labels.detectors().isEmpty()) {
            errors.getForUpdate(window.modelVersionKey(), () -> new ErrorBuffer(regression)).add(error);
        }
        if (p.requestId() != null) {
            JoinOutput.RequestOutcome outcome = new JoinOutput.RequestOutcome(p.modelId(), p.requestId(), o.label(),
                o.value(), p.eventTime());
            context.forward(new Record<>(outcome.key(), outcome, lead.recordTimestamp(p.eventTime())));
        }
        joined.increment();
    }

    private Counter unscorableCounter(String reason) {
        return Counter.builder("driftwatch_outcomes_unscorable")
            .description("Outcomes joined to a prediction they cannot score, by reason").tag("reason", reason)
            .register(metrics);
    }

    /** Whether the model answered: a label, a score, class probabilities or a value. */
    private static boolean hasAnswer(JoinInput.PredictionFacts p) {
        return p.label() != null || p.score() != null || p.probabilities() != null && !p.probabilities().isEmpty()
            || p.value() != null;
    }

    private String predictedLabel(JoinInput.PredictionFacts p) {
        if (p.label() != null) {
            return p.label();
        }
        if (p.score() != null) {
            return p.score() >= profile.decisionThreshold() ? profile.positiveLabel() : labels.negativeLabel();
        }
        String best = "";
        double bestP = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Double> e : p.probabilities().entrySet()) {
            if (e.getValue() > bestP) {
                best = e.getKey();
                bestP = e.getValue();
            }
        }
        return best;
    }

    private void flush() {
        long now = context.currentSystemTimeMs();
        for (String key : deltas.keys()) {
            WindowQuality q = deltas.get(key);
            WindowKey window = WindowKey.decode(key);
            context.forward(new Record<>(window.modelId(),
                new JoinOutput.Bus(new BusMessage.QualityDelta(source, window, q.toBytes())), now));
            deltas.delete(key);
        }
        for (String key : errors.keys()) {
            ErrorBuffer b = errors.get(key);
            int slash = key.indexOf('/');
            String model = key.substring(0, slash);
            context.forward(new Record<>(model, new JoinOutput.Bus(
                new BusMessage.ErrorBatch(source, model, key.substring(slash + 1), b.regression(), b.errors())), now));
            errors.delete(key);
        }
        expireOutcomes();
    }

    private void expireOutcomes() {
        if (streamTime == Long.MIN_VALUE) {
            return;
        }
        long cutoff = streamTime - labels.horizon().toMillis();
        if (cutoff < 0) {
            return;
        }
        ExpiredRange.delete(outcomeExpiry, expiryKey(0, ""), expiryKey(cutoff, ""), key -> {
            outcomes.delete(key.substring(key.indexOf('|') + 1));
            unmatched.increment();
        });
    }

    /** Sorts by time as strings: epoch millis zero-padded to 16 digits, then the id. */
    static String expiryKey(long time, String predictionId) {
        return String.format(Locale.ROOT, "%016d|%s", Math.max(0, time), predictionId);
    }
}
