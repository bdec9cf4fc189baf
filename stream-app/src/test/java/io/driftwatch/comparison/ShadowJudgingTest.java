package io.driftwatch.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who was right in disagreeing shadow pairs ({@link ShadowPairing} with outcomes): over random arrival
 * orders of primary, shadow and outcome, with duplicates of each and outcomes before the pair, after it,
 * or after the pairing horizon, the judgements forwarded equal the counts computed directly from the
 * requests; nothing is kept past the label horizon. And the rule itself, for classification and regression.
 */
class ShadowJudgingTest {

    private static final Duration PAIRING = Duration.ofMinutes(1);
    private static final Duration LABELS = Duration.ofMinutes(10);
    private static final String[] CLASSES = {"a", "b", "c"};

    /** One pairing processor on a mock context, with the task's stream time following what it was sent. */
    private static final class Rig {
        final MockProcessorContext<String, ComparisonInput> context;
        final KeyValueStore<String, byte[]> store;
        final ShadowPairing pairing;
        long streamTime;

        Rig(Duration labelHorizon) {
            this(labelHorizon, null);
        }

        /** @param rocksDbDir where a RocksDB store lives, as in production (the sweeps use open-ended ranges); null: memory */
        Rig(Duration labelHorizon, java.io.File rocksDbDir) {
            boolean persistent = rocksDbDir != null;
            if (persistent) {
                java.util.Properties config = new java.util.Properties();
                config.put("application.id", "shadow-judging-test");
                config.put("bootstrap.servers", "unused:9092");
                context = new MockProcessorContext<>(config, new org.apache.kafka.streams.processor.TaskId(0, 0), rocksDbDir);
            } else {
                context = new MockProcessorContext<>();
            }
            store = Stores.keyValueStoreBuilder(persistent ? Stores.persistentKeyValueStore("shadow-pending")
                : Stores.inMemoryKeyValueStore("shadow-pending"), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            pairing = new ShadowPairing("shadow-pending", PAIRING, labelHorizon,
                new io.driftwatch.topology.ClockLead(java.time.Clock.systemUTC(), 0));
            pairing.init(context);
            context.setCurrentStreamTimeMs(0);
        }

        void send(ComparisonInput in, long timestamp) {
            String key = in instanceof ComparisonInput.Scored s ? s.model() + '/' + s.requestId()
                : ((ComparisonInput.RequestOutcome) in).model() + '/' + ((ComparisonInput.RequestOutcome) in).requestId();
            streamTime = Math.max(streamTime, timestamp);
            context.setCurrentStreamTimeMs(streamTime);
            pairing.process(new Record<>(key, in, timestamp));
        }

        void sweep(long time) {
            streamTime = Math.max(streamTime, time);
            context.setCurrentStreamTimeMs(streamTime);
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(streamTime);
        }

        long stored() {
            // Counted, not estimated: RocksDB's entry count is an estimate.
            long n = 0;
            try (var it = store.all()) {
                for (; it.hasNext(); it.next()) {
                    n++;
                }
            }
            return n;
        }

        List<ComparisonInput.ShadowJudged> judged() {
            return context.forwarded().stream().map(f -> f.record().value())
                .filter(v -> v instanceof ComparisonInput.ShadowJudged).map(v -> (ComparisonInput.ShadowJudged) v).toList();
        }
    }

    private static long eventTime(ComparisonInput in) {
        return in instanceof ComparisonInput.Scored s ? s.eventTime() : ((ComparisonInput.RequestOutcome) in).eventTime();
    }

    private static ComparisonInput.Scored primary(String request, String label, long time) {
        return new ComparisonInput.Scored("m", "1", null, request, label, Double.NaN, time);
    }

    private static ComparisonInput.Scored shadow(String request, String label, long time) {
        return new ComparisonInput.Scored("m", "9", "shadow", request, label, Double.NaN, time);
    }

    private static ComparisonInput.RequestOutcome outcome(String request, String label, long primaryTime) {
        return new ComparisonInput.RequestOutcome("m", request, label, null, primaryTime);
    }

    /**
     * @param late outcomes come only after the pairing horizon has passed for every request (labels that take
     *             minutes): only parked disagreeing pairs can be judged then, which is every disagreeing pair
     */
    @Property(tries = 300)
    void judgementsEqualTheCountsComputedFromTheRequestsWhateverTheArrivalOrder(@ForAll long seed, @ForAll boolean late) {
        Rig rig = new Rig(LABELS);
        SplittableRandom r = new SplittableRandom(seed);
        List<ComparisonInput> predictions = new ArrayList<>();
        List<ComparisonInput> outcomes = new ArrayList<>();
        List<String[]> requests = new ArrayList<>(); // primary label, shadow label (null when absent)
        int n = r.nextInt(1, 40);
        for (int q = 0; q < n; q++) {
            String request = "r" + q;
            long time = 1_000 + q * 100L;
            String p = r.nextDouble() < 0.85 ? CLASSES[r.nextInt(3)] : null;
            String s = r.nextDouble() < 0.85 ? (r.nextBoolean() && p != null ? p : CLASSES[r.nextInt(3)]) : null;
            requests.add(new String[] {p, s});
            int copies = 1 + r.nextInt(2);
            for (int c = 0; c < copies; c++) {
                if (p != null) {
                    predictions.add(primary(request, p, time));
                }
                if (s != null) {
                    predictions.add(shadow(request, s, time + r.nextInt(50)));
                }
            }
            if (r.nextDouble() < 0.8) {
                // The label join sends one outcome per primary prediction; a request's second (a primary sent twice
                // under two ids, another label) must count as nothing.
                for (int c = 1 + r.nextInt(2); c > 0; c--) {
                    outcomes.add(outcome(request, CLASSES[r.nextInt(3)], time));
                }
            }
        }
        Random shuffle = new Random(r.nextLong());
        List<ComparisonInput> arrivals = new ArrayList<>(predictions);
        if (!late) {
            arrivals.addAll(outcomes);
        }
        Collections.shuffle(arrivals, shuffle);
        List<ComparisonInput> order = new ArrayList<>();
        for (ComparisonInput in : arrivals) {
            rig.send(in, eventTime(in));
            order.add(in);
            if (r.nextInt(10) == 0) {
                rig.sweep(rig.streamTime); // within every horizon: forgets nothing that is still needed
            }
        }
        if (late) {
            rig.sweep(1_000 + n * 100L + PAIRING.toMillis() * 2);
            Collections.shuffle(outcomes, shuffle);
            for (ComparisonInput in : outcomes) {
                rig.send(in, eventTime(in));
                order.add(in);
            }
        }

        // Directly: a request with both sides that disagree is judged by its first outcome to arrive.
        long expectedJudged = 0;
        long expectedControlRight = 0;
        long expectedCandidateRight = 0;
        for (int q = 0; q < n; q++) {
            String p = requests.get(q)[0];
            String s = requests.get(q)[1];
            String request = "r" + q;
            String truth = order.stream().filter(in -> in instanceof ComparisonInput.RequestOutcome o && o.requestId().equals(request))
                .map(in -> ((ComparisonInput.RequestOutcome) in).label()).findFirst().orElse(null);
            if (p != null && s != null && !p.equals(s) && truth != null) {
                expectedJudged++;
                expectedControlRight += p.equals(truth) ? 1 : 0;
                expectedCandidateRight += s.equals(truth) ? 1 : 0;
            }
        }
        List<ComparisonInput.ShadowJudged> judged = rig.judged();
        assertThat(judged).hasSize((int) expectedJudged).allSatisfy(j -> {
            assertThat(j.controlVersion()).isEqualTo("1");
            assertThat(j.candidateVersion()).isEqualTo("9");
            assertThat(j.controlRight() && j.candidateRight()).as("two different labels cannot both be right").isFalse();
        });
        assertThat(judged.stream().filter(ComparisonInput.ShadowJudged::controlRight).count()).isEqualTo(expectedControlRight);
        assertThat(judged.stream().filter(ComparisonInput.ShadowJudged::candidateRight).count()).isEqualTo(expectedCandidateRight);

        // Past the label horizon nothing is left: not pairs, not outcomes, not parked disagreements.
        rig.sweep(1_000 + n * 100L + LABELS.toMillis() + PAIRING.toMillis() * 2);
        assertThat(rig.stored()).isZero();
        assertThat(rig.judged()).hasSize((int) expectedJudged);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDisagreementWhoseOutcomeNeverComesIsKeptUntilTheLabelHorizonAndNoLonger(boolean rocksDb,
                                                                                 @TempDir java.nio.file.Path dir) {
        Rig rig = new Rig(LABELS, rocksDb ? dir.toFile() : null);
        rig.send(primary("r", "a", 1_000), 1_000);
        rig.send(shadow("r", "b", 1_000), 1_000);
        rig.sweep(1_000 + PAIRING.toMillis() + 1);
        assertThat(rig.stored()).as("only the parked pair").isEqualTo(1);
        rig.sweep(1_000 + LABELS.toMillis() + PAIRING.toMillis() - 1);
        assertThat(rig.stored()).isEqualTo(1);
        rig.sweep(1_000 + LABELS.toMillis() + PAIRING.toMillis() + 1);
        assertThat(rig.stored()).isZero();
        // The outcome after the label horizon finds nothing, judges nothing and is not kept.
        rig.send(outcome("r", "a", 1_000), 1_000);
        assertThat(rig.judged()).isEmpty();
        assertThat(rig.stored()).isZero();
        rig.store.close();
    }

    @Test
    void anAgreeingPairIsForgottenAfterThePairingHorizonAndItsOutcomeIsNotCounted() {
        Rig rig = new Rig(LABELS);
        rig.send(primary("r", "a", 1_000), 1_000);
        rig.send(shadow("r", "a", 1_000), 1_000);
        rig.send(outcome("r", "b", 1_000), 1_000);
        rig.sweep(1_000 + PAIRING.toMillis() + 1);
        assertThat(rig.stored()).isZero();
        assertThat(rig.judged()).isEmpty();
    }

    @Test
    void anOutcomeWithoutPairOrPredictionIsKeptNoLongerThanThePairingHorizon() {
        Rig rig = new Rig(LABELS);
        rig.send(outcome("lonely", "a", 1_000), 1_000);
        assertThat(rig.stored()).isEqualTo(1);
        rig.sweep(1_000 + PAIRING.toMillis() + 1);
        assertThat(rig.stored()).isZero();
        assertThat(rig.context.forwarded()).isEmpty();
    }

    @Test
    void withoutLabelsNoDisagreementIsKeptForAnOutcome() {
        Rig rig = new Rig(null);
        rig.send(primary("r", "a", 1_000), 1_000);
        rig.send(shadow("r", "b", 1_000), 1_000);
        rig.sweep(1_000 + PAIRING.toMillis() + 1);
        assertThat(rig.stored()).isZero();
    }

    @Test
    void regressionTheSmallerAbsoluteErrorIsRightAndATieIsNeither() {
        ComparisonInput.Scored control = new ComparisonInput.Scored("m", "1", null, "r", null, 10.0, 1);
        ComparisonInput.Scored candidate = new ComparisonInput.Scored("m", "9", "shadow", "r", null, 13.0, 1);
        assertThat(ShadowPairing.judgement(control, candidate, new ShadowPairing.Outcome(null, 10.5)))
            .hasValueSatisfying(j -> {
                assertThat(j.controlRight()).isTrue();
                assertThat(j.candidateRight()).isFalse();
            });
        assertThat(ShadowPairing.judgement(control, candidate, new ShadowPairing.Outcome(null, 12.9)))
            .hasValueSatisfying(j -> {
                assertThat(j.controlRight()).isFalse();
                assertThat(j.candidateRight()).isTrue();
            });
        // 11.5 is 1.5 from both: a tie, judged (the pair disagreed and its outcome came) with neither right.
        assertThat(ShadowPairing.judgement(control, candidate, new ShadowPairing.Outcome(null, 11.5)))
            .hasValueSatisfying(j -> {
                assertThat(j.controlRight()).isFalse();
                assertThat(j.candidateRight()).isFalse();
            });
        // An outcome of the other kind, or a pair that agreed, is not judged.
        assertThat(ShadowPairing.judgement(control, candidate, new ShadowPairing.Outcome("1", null))).isEmpty();
        assertThat(ShadowPairing.judgement(control, new ComparisonInput.Scored("m", "9", "shadow", "r", null, 10.0, 1),
            new ShadowPairing.Outcome(null, 3.0))).isEmpty();
    }

    @Test
    void aParkedPairReadsBackAndCostsAFractionOfAPendingEntry() {
        ComparisonInput.Scored control = new ComparisonInput.Scored("fraud-detector", "1", "primary",
            "0b7e9a52-5d7c-4c38-9a0e-3f1f6f0f2a11", "1", Double.NaN, 1_764_000_000_123L);
        ComparisonInput.Scored candidate = new ComparisonInput.Scored("fraud-detector", "3", "shadow",
            "0b7e9a52-5d7c-4c38-9a0e-3f1f6f0f2a11", "0", 0.25, 1_764_000_000_456L);
        byte[] parked = ShadowPairing.encodeParked(control, candidate);
        ComparisonInput.Scored[] read = ShadowPairing.decodeParked(parked);
        assertThat(read[0]).isEqualTo(new ComparisonInput.Scored("fraud-detector", "1", "primary", null, "1", Double.NaN,
            1_764_000_000_123L));
        assertThat(read[1]).isEqualTo(new ComparisonInput.Scored("fraud-detector", "3", "shadow", null, "0", 0.25,
            1_764_000_000_456L));
        assertThat(parked).hasSize(63);
        // The key: NUL, 16 digits, '|', then model/request_id (51 bytes with a UUID here).
        assertThat(ShadowPairing.parkedKey(control.eventTime(), "fraud-detector/" + control.requestId()))
            .hasSize(18 + 51).startsWith(ShadowPairing.PARKED + "0001764000000123|");
    }

    @Test
    void outcomesAndJudgementsCrossTheInternalTopicsIntact() {
        ComparisonInputSerde serde = new ComparisonInputSerde();
        for (ComparisonInput in : List.<ComparisonInput>of(
                new ComparisonInput.RequestOutcome("m", "r/1", "cat", null, 17L),
                new ComparisonInput.RequestOutcome("m", "r2", null, -2.5, 18L),
                new ComparisonInput.ShadowJudged("m", "1", "9", true, false),
                new ComparisonInput.ShadowJudged("m", "1", "9", false, false))) {
            assertThat(serde.decode(serde.encode(in))).isEqualTo(in);
        }
    }

    @Test
    void aComparisonStateStoredBeforeJudgementsReadsWithNoneAndCountsOnFromThere() throws Exception {
        ComparisonState before = ComparisonState.initial().withShadow(ShadowTally.EMPTY.withPair("1", "0", Double.NaN, Double.NaN));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode tree =
            (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(before.toBytes());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("shadow"))
            .remove(List.of("disagreementsLabelled", "controlRight", "candidateRight"));
        ComparisonState read = ComparisonState.fromBytes(json.writeValueAsBytes(tree));
        assertThat(read.shadow().pairs()).isEqualTo(1);
        assertThat(read.shadow().disagreementsLabelled()).isZero();
        ShadowTally judged = read.shadow().withJudged(false, true);
        assertThat(judged.disagreementsLabelled()).isEqualTo(1);
        assertThat(judged.controlRight()).isZero();
        assertThat(judged.candidateRight()).isEqualTo(1);
    }

    @Test
    void classificationAVersionIsRightWhenItsLabelIsTheTrueOneAndBothMayBeWrong() {
        ComparisonInput.Scored control = primary("r", "cat", 1);
        ComparisonInput.Scored candidate = shadow("r", "dog", 1);
        assertThat(ShadowPairing.judgement(control, candidate, new ShadowPairing.Outcome("dog", null)))
            .hasValueSatisfying(j -> {
                assertThat(j.controlRight()).isFalse();
                assertThat(j.candidateRight()).isTrue();
            });
        assertThat(ShadowPairing.judgement(control, candidate, new ShadowPairing.Outcome("emu", null)))
            .hasValueSatisfying(j -> {
                assertThat(j.controlRight()).isFalse();
                assertThat(j.candidateRight()).isFalse();
            });
        assertThat(ShadowPairing.judgement(control, candidate, new ShadowPairing.Outcome(null, 1.0))).isEmpty();
    }
}
