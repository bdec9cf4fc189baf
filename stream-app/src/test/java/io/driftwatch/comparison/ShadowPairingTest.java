package io.driftwatch.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Property over random interleavings: each request with a primary and a shadow prediction is paired
 * exactly once whatever arrives first and however often either side is repeated; every request with
 * only one side is reported unpaired once the horizon has passed, and nothing is left pending.
 */
class ShadowPairingTest {

    @RepeatedTest(100)
    void pairsEachRequestOnceAndReportsTheRestUnpairedAfterTheHorizon(RepetitionInfo info) {
        SplittableRandom r = new SplittableRandom(info.getCurrentRepetition());
        MockProcessorContext<String, ComparisonInput> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> store = pendingStore(context);
        ShadowPairing pairing = pairing(context, java.time.Clock.systemUTC());

        List<ComparisonInput.Scored> sides = new ArrayList<>();
        Set<String> both = new HashSet<>();
        int primaryOnly = 0;
        int shadowOnly = 0;
        int requests = r.nextInt(1, 60);
        for (int q = 0; q < requests; q++) {
            String request = "r" + q;
            int kind = r.nextInt(3); // 0: both sides, 1: primary only, 2: shadow only
            int copies = 1 + r.nextInt(3);
            for (int c = 0; c < copies; c++) {
                if (kind != 2) {
                    sides.add(new ComparisonInput.Scored("m", "1", r.nextBoolean() ? null : "primary", request, "1", 0.9, 1000 + q));
                }
                if (kind != 1) {
                    sides.add(new ComparisonInput.Scored("m", "9", "shadow", request, "0", 0.2, 1000 + q));
                }
            }
            if (kind == 0) {
                both.add(request);
            } else if (kind == 1) {
                primaryOnly++;
            } else {
                shadowOnly++;
            }
        }
        Collections.shuffle(sides, new java.util.Random(r.nextLong()));
        for (ComparisonInput.Scored s : sides) {
            pairing.process(new Record<>(s.model() + '/' + s.requestId(), s, s.eventTime()));
        }
        List<ComparisonInput.ShadowPaired> pairs = context.forwarded().stream()
            .map(f -> f.record().value()).filter(v -> v instanceof ComparisonInput.ShadowPaired)
            .map(v -> (ComparisonInput.ShadowPaired) v).toList();
        assertThat(pairs).hasSize(both.size()).allSatisfy(p -> {
            assertThat(p.controlVersion()).isEqualTo("1");
            assertThat(p.candidateVersion()).isEqualTo("9");
        });
        context.resetForwards();

        // Stream time passes the horizon: the punctuator reports every lone side and empties the store.
        long passed = 1000 + requests + Duration.ofMinutes(2).toMillis();
        context.setCurrentStreamTimeMs(passed);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(passed);
        List<ComparisonInput.ShadowUnpaired> unpaired = context.forwarded().stream()
            .map(f -> (ComparisonInput.ShadowUnpaired) f.record().value()).toList();
        assertThat(unpaired.stream().filter(ComparisonInput.ShadowUnpaired::control).count()).isEqualTo(primaryOnly);
        assertThat(unpaired.stream().filter(u -> !u.control()).count()).isEqualTo(shadowOnly);
        assertThat(store.approximateNumEntries()).isZero();
    }

    /**
     * A record stamped a day ahead by its producer's clock carries the task's stream time there: the pending side
     * must not expire (it is paired when its partner comes), and the sweeps, which Kafka Streams would schedule by
     * that stream time only a day later, still run by the wall clock.
     */
    @org.junit.jupiter.api.Test
    void aStreamTimeFarAheadOfTheClockNeitherExpiresPendingSidesNorStopsTheSweeps() {
        io.driftwatch.topology.SettableClock clock = new io.driftwatch.topology.SettableClock(10_000);
        MockProcessorContext<String, ComparisonInput> context = new MockProcessorContext<>();
        pendingStore(context);
        ShadowPairing pairing = pairing(context, clock);

        send(pairing, context, new ComparisonInput.Scored("m", "1", null, "r1", "1", 0.9, 9_000));
        context.setCurrentStreamTimeMs(86_400_000);
        punctuator(context, org.apache.kafka.streams.processor.PunctuationType.STREAM_TIME).punctuate(86_400_000);
        assertThat(context.forwarded()).as("forwarded when stream time jumped a day ahead").isEmpty();
        send(pairing, context, new ComparisonInput.Scored("m", "9", "shadow", "r1", "0", 0.2, 9_500));
        assertThat(context.forwarded()).extracting(f -> f.record().value())
            .singleElement().isInstanceOf(ComparisonInput.ShadowPaired.class);
        context.resetForwards();

        send(pairing, context, new ComparisonInput.Scored("m", "1", null, "r2", "1", 0.9, 10_000));
        clock.set(10_000 + Duration.ofMinutes(1).toMillis() + 1);
        punctuator(context, org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME).punctuate(clock.millis());
        assertThat(context.forwarded()).as("r2's primary, alone past the horizon by the clock").extracting(f -> f.record().value())
            .singleElement().isEqualTo(new ComparisonInput.ShadowUnpaired("m", "1", true));
    }

    /**
     * A broker refuses a record stamped more than an hour ahead of its clock, and the refused write would fail the task
     * for good (ClockAheadOutputsIT). A pair whose predictions were stamped three hours ahead goes on stamped at the
     * clock; one stamped in the past keeps its own time.
     */
    @org.junit.jupiter.api.Test
    void aPairStampedHoursAheadGoesOnStampedAtTheClock() {
        long now = 50_000_000;
        io.driftwatch.topology.SettableClock clock = new io.driftwatch.topology.SettableClock(now);
        MockProcessorContext<String, ComparisonInput> context = new MockProcessorContext<>();
        pendingStore(context);
        ShadowPairing pairing = pairing(context, clock);
        long ahead = now + Duration.ofHours(3).toMillis();

        send(pairing, context, new ComparisonInput.Scored("m", "1", null, "r1", "1", 0.9, ahead));
        send(pairing, context, new ComparisonInput.Scored("m", "9", "shadow", "r1", "0", 0.2, ahead));
        send(pairing, context, new ComparisonInput.Scored("m", "1", null, "r2", "1", 0.9, now - 5_000));
        send(pairing, context, new ComparisonInput.Scored("m", "9", "shadow", "r2", "0", 0.2, now - 4_000));

        assertThat(context.forwarded()).extracting(f -> f.record().timestamp()).containsExactly(now, now - 4_000);
    }

    private static KeyValueStore<String, byte[]> pendingStore(MockProcessorContext<String, ComparisonInput> context) {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("shadow-pending"),
            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    /** Pairing with a one-minute horizon and no lead past {@code clock}, initialised on {@code context}. */
    private static ShadowPairing pairing(MockProcessorContext<String, ComparisonInput> context, java.time.Clock clock) {
        ShadowPairing pairing = new ShadowPairing("shadow-pending", Duration.ofMinutes(1),
            new io.driftwatch.topology.ClockLead(clock, 0));
        pairing.init(context);
        return pairing;
    }

    private static void send(ShadowPairing pairing, MockProcessorContext<String, ComparisonInput> context,
                             ComparisonInput.Scored s) {
        pairing.process(new Record<>(s.model() + '/' + s.requestId(), s, s.eventTime()));
    }

    private static org.apache.kafka.streams.processor.Punctuator punctuator(
            MockProcessorContext<String, ComparisonInput> context, org.apache.kafka.streams.processor.PunctuationType type) {
        return context.scheduledPunctuators().stream().filter(p -> p.getType() == type).findFirst().orElseThrow()
            .getPunctuator();
    }

    /**
     * The parked keys are sorted and range-scanned as strings, and a restart may run under another locale: their digits
     * must be ASCII whatever the JVM's format locale (Thai digits under th-TH-u-nu-thai otherwise).
     */
    @Test
    void parkedKeysHaveAsciiDigitsUnderAnyFormatLocale() {
        Locale before = Locale.getDefault(Locale.Category.FORMAT);
        try {
            Locale.setDefault(Locale.Category.FORMAT, Locale.forLanguageTag("th-TH-u-nu-thai"));
            assertThat(String.format("%d", 7)).as("the locale prints Thai digits").isNotEqualTo("7");
            assertThat(ShadowPairing.parkedKey(12_345, "m/r1")).endsWith("0000000000012345|m/r1");
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, before);
        }
    }
}
