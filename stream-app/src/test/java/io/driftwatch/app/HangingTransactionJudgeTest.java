package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.HangingTransactionJudge.Verdict;
import io.driftwatch.app.OpenTransaction.CoordinatorView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The judge aborts exactly what has hung by Kafka's rule, unchanged, at every check for the minimum time
 * (two checks at least), checked against that model over random sequences of checks in which transactions
 * come and go, producers write again, and coordinators learn of partitions late.
 */
class HangingTransactionJudgeTest {

    private static final long MIN_HANG_MS = 20_000;
    private static final long CHECK_EVERY_MS = 15_000;
    private static final TopicPartition P0 = new TopicPartition("app-source-watermarks-changelog", 0);
    private static final TopicPartition P1 = new TopicPartition("app-source-watermarks-changelog", 1);

    /** One open transaction seen at one check, with what its coordinator said. */
    record Sighting(OpenTransaction open, Optional<CoordinatorView> coordinator) {}

    @Property(tries = 300)
    void abortsExactlyWhatHasHungAtEveryCheckForTheMinimumTime(@ForAll("checks") List<List<Sighting>> checks) {
        HangingTransactionJudge judge = new HangingTransactionJudge(MIN_HANG_MS, true);
        Map<OpenTransaction, Long> hungSince = Map.of();
        long now = 200_000;
        for (List<Sighting> check : checks) {
            Map<OpenTransaction, Long> hungNow = new HashMap<>();
            for (Sighting s : check) {
                boolean hangs = s.open().whyHanging(s.coordinator()).isPresent();
                Long since = hungSince.get(s.open());
                Verdict expected = !hangs ? Verdict.WAIT
                    : since != null && now - since >= MIN_HANG_MS ? Verdict.ABORT : Verdict.HANGING;
                assertThat(judge.judge(s.open(), s.coordinator(), now)).as("verdict on %s", s).isEqualTo(expected);
                Statistics.collect(expected);
                if (hangs) {
                    hungNow.putIfAbsent(s.open(), since == null ? now : since);
                }
            }
            judge.endCheck();
            hungSince = hungNow;
            now += CHECK_EVERY_MS;
        }
        Statistics.coverage(c -> c.check(Verdict.ABORT).count(n -> n > 0));
    }

    @Property(tries = 100)
    void neverAbortsWhenAbortingIsSwitchedOff(@ForAll("checks") List<List<Sighting>> checks) {
        HangingTransactionJudge judge = new HangingTransactionJudge(MIN_HANG_MS, false);
        long now = 200_000;
        for (List<Sighting> check : checks) {
            for (Sighting s : check) {
                assertThat(judge.judge(s.open(), s.coordinator(), now)).isNotEqualTo(Verdict.ABORT);
            }
            judge.endCheck();
            now += CHECK_EVERY_MS;
        }
    }

    @Test
    void aTransactionThatHangsAtEveryCheckForTheMinimumTimeIsAborted() {
        HangingTransactionJudge judge = new HangingTransactionJudge(MIN_HANG_MS, true);
        OpenTransaction open = new OpenTransaction(P0, 42, 0, -1, 500, 0);

        assertThat(judge.judge(open, Optional.empty(), 100_000)).isEqualTo(Verdict.HANGING);
        judge.endCheck();
        assertThat(judge.judge(open, Optional.empty(), 115_000)).as("seen for 15 s").isEqualTo(Verdict.HANGING);
        judge.endCheck();
        assertThat(judge.judge(open, Optional.empty(), 130_000)).as("seen for 30 s").isEqualTo(Verdict.ABORT);
    }

    @Test
    void aCheckBetweenThatDidNotSeeItStartsTheCountAgain() {
        HangingTransactionJudge judge = new HangingTransactionJudge(MIN_HANG_MS, true);
        OpenTransaction open = new OpenTransaction(P0, 42, 0, -1, 500, 0);

        judge.judge(open, Optional.empty(), 100_000);
        judge.endCheck();
        judge.endCheck();
        assertThat(judge.judge(open, Optional.empty(), 130_000)).isEqualTo(Verdict.HANGING);
        judge.endCheck();
        assertThat(judge.judge(open, Optional.empty(), 145_000)).isEqualTo(Verdict.HANGING);
    }

    @Provide
    Arbitrary<List<List<Sighting>>> checks() {
        // Few distinct transactions, so that the same one is often seen at consecutive checks.
        Arbitrary<OpenTransaction> open = Combinators.combine(
                Arbitraries.of(P0, P1), Arbitraries.longs().between(1, 2), Arbitraries.just(0),
                Arbitraries.longs().between(0, 1), Arbitraries.of(0L, 150_000L))
            .as((tp, pid, epoch, start, lastWrite) -> new OpenTransaction(tp, pid, epoch, -1, start * 100, lastWrite));
        Arbitrary<Optional<CoordinatorView>> coordinator = Arbitraries.oneOf(
            Arbitraries.just(Optional.empty()),
            Combinators.combine(Arbitraries.longs().between(1, 2), Arbitraries.subsetOf(P0, P1))
                .as((pid, partitions) -> Optional.of(new CoordinatorView("app-" + pid, pid, "ONGOING", Set.copyOf(partitions)))));
        Arbitrary<Sighting> sighting = Combinators.combine(open, coordinator).as(Sighting::new);
        return sighting.list().ofMaxSize(3).map(ArrayList::new).list().ofMinSize(1).ofMaxSize(12)
            .map(l -> new ArrayList<>(l.stream().map(s -> (List<Sighting>) s).toList()));
    }
}
