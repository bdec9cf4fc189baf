package io.driftwatch.topology;

import static io.driftwatch.topology.LabelJoinRig.MINUTE;
import static io.driftwatch.topology.LabelJoinRig.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.RulesSource;
import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.topology.labels.PendingPredictionLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A prediction stamped hours ahead of the clock (a producer whose clock is wrong, within the day ingest accepts)
 * reaches the label join. Before {@code window.max.lead} applied to the join, it was kept in its own bucket and
 * carried the join's time with it: with a one-hour label horizon, every other pending prediction of the partition
 * was then out of every outcome's reach, and their outcomes were counted unmatched, for as long as its lead.
 */
class LabelJoinAheadOfClockTest {

    private static final long HOUR = 60 * MINUTE;

    private final SettableClock clock = new SettableClock(T0 + 10 * MINUTE);

    @Test
    void aPredictionStampedHoursAheadLeavesTheOthersInReachAndIsCountedNotKept() {
        try (LabelJoinRig rig = new LabelJoinRig(JoinLayout.AUTO, RulesSource.defaults(), clock, Map.of())) {
            sendFiftyPredictionsOneAheadAndTheirOutcomes(rig);
            assertThat(rig.counter("driftwatch_outcomes_joined")).as("outcomes joined").isEqualTo(50);
            assertThat(rig.counter("driftwatch_outcomes_unmatched")).as("outcomes unmatched").isZero();
            assertThat(rig.counter("driftwatch_label_join_ahead")).as("predictions from ahead not kept").isEqualTo(1);
        }
    }

    @Test
    void aPredictionAheadInABucketInUseIsKeptAndJoined() {
        // A seven-day horizon: buckets of three and a half days, and three hours ahead is most likely the same one.
        PendingPredictionLayout layout = PendingPredictionLayout.of(Duration.ofDays(7), Duration.ofMinutes(1));
        assertThat(layout.bucketOf(T0 + 3 * HOUR)).as("the fixture's bucket").isEqualTo(layout.bucketOf(clock.millis()));
        try (LabelJoinRig rig = new LabelJoinRig(JoinLayout.AUTO, RulesSource.defaults(), clock,
                Map.of("labels.horizon", "7d"))) {
            sendFiftyPredictionsOneAheadAndTheirOutcomes(rig);
            assertThat(rig.counter("driftwatch_outcomes_joined")).as("outcomes joined").isEqualTo(51);
            assertThat(rig.counter("driftwatch_label_join_ahead")).as("predictions from ahead not kept").isZero();
        }
    }

    private static void sendFiftyPredictionsOneAheadAndTheirOutcomes(LabelJoinRig rig) {
        for (int i = 0; i < 50; i++) {
            send(rig, LabelJoinRig.prediction("p" + i, "fraud", T0 + i * 100L, 0.9, "a"));
            if (i == 25) {
                send(rig, LabelJoinRig.prediction("ahead", "fraud", T0 + 3 * HOUR, 0.9, "a"));
            }
        }
        for (int i = 0; i < 50; i++) {
            rig.sendOutcome(key("p" + i), "p" + i, "fraud", T0 + 2 * MINUTE + i, "1");
        }
        rig.sendOutcome(key("ahead"), "ahead", "fraud", T0 + 2 * MINUTE, "1");
        rig.heartbeat(Duration.ofSeconds(10));
    }

    private static void send(LabelJoinRig rig, PredictionEvent p) {
        rig.send(key(p.getPredictionId()), p);
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }
}
