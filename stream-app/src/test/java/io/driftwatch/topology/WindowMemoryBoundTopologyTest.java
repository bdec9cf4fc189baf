package io.driftwatch.topology;

import static io.driftwatch.topology.LabelJoinRig.MINUTE;
import static io.driftwatch.topology.LabelJoinRig.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.RulesSource;
import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.WindowReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The whole topology with {@code window.memory.max.bytes=0}, so that every window, quality count and reported window
 * not used since the commit before is dropped from memory at each commit (the test driver commits after every
 * record) and decoded from its store when next needed: the reports, revisions and alerts are the same as with
 * everything kept in memory.
 */
class WindowMemoryBoundTopologyTest {

    private record Run(List<WindowReport> reports, List<Alert> alerts, double reads) {}

    @Property(tries = 5)
    void droppingUnusedWindowStateChangesNoReportRevisionOrAlert(@ForAll long seed) {
        Run kept = run(seed, Map.of());
        Run dropped = run(seed, Map.of("window.memory.max.bytes", "0"));

        assertThat(dropped.reads()).as("window state read back from the stores").isGreaterThan(kept.reads());
        assertThat(kept.reports()).as("the traffic closes windows").hasSizeGreaterThan(3);
        assertThat(kept.alerts()).as("the drop in accuracy alerts").isNotEmpty();
        assertThat(dropped.reports()).isEqualTo(kept.reports());
        assertThat(dropped.alerts()).isEqualTo(kept.alerts());
    }

    /**
     * Two models, five one-minute windows of about 150 predictions each, with predictions whose outcomes come in random order, some
     * only after their window closed (revisions), and a drop in accuracy from the third window (alerts). Fewer
     * values per window than a KLL sketch compacts at, so that its random compaction makes no difference
     * between the runs.
     */
    private static Run run(long seed, Map<String, String> settings) {
        Random rnd = new Random(seed);
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("window.max.lead", "1d");
        all.put("labels.baseline.windows", "1");
        all.put("labels.baseline.min.labelled", "50");
        try (LabelJoinRig rig = new LabelJoinRig(JoinLayout.CO_PARTITIONED, RulesSource.defaults(),
                Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC), all)) {
            List<String[]> lateOutcomes = new ArrayList<>();
            List<String> models = List.of("m1", "m2");
            for (int window = 0; window < 5; window++) {
                long start = T0 + window * MINUTE;
                for (int i = 0; i < 300; i++) {
                    String model = models.get(rnd.nextInt(models.size()));
                    String id = model + "-" + window + "-" + i;
                    long time = start + rnd.nextInt((int) MINUTE);
                    double score = rnd.nextDouble();
                    rig.send(id.getBytes(StandardCharsets.UTF_8),
                        LabelJoinRig.prediction(id, model, time, score, rnd.nextBoolean() ? "a" : "b"));
                    boolean right = rnd.nextDouble() < (window < 2 ? 0.9 : 0.55);
                    String label = (score >= 0.5) == right ? "1" : "0";
                    String[] outcome = {id, model, Long.toString(time + 1), label};
                    if (rnd.nextInt(3) == 0) {
                        lateOutcomes.add(outcome);
                    } else {
                        send(rig, outcome);
                    }
                }
                rig.heartbeat(Duration.ofSeconds(6));
                // Outcomes of earlier windows arrive now, in random order: revisions of closed windows.
                java.util.Collections.shuffle(lateOutcomes, rnd);
                int due = lateOutcomes.size() / 2;
                for (String[] outcome : lateOutcomes.subList(0, due)) {
                    send(rig, outcome);
                }
                lateOutcomes.subList(0, due).clear();
            }
            for (String model : models) {
                rig.closeWindowOf(model, T0 + 5 * MINUTE);
            }
            lateOutcomes.forEach(outcome -> send(rig, outcome));
            rig.heartbeat(Duration.ofSeconds(6));
            return new Run(rig.reports(), rig.alerts(),
                rig.metrics.find("driftwatch_state_reads").functionCounter().count());
        }
    }

    private static void send(LabelJoinRig rig, String[] outcome) {
        rig.sendOutcome(outcome[0].getBytes(StandardCharsets.UTF_8), outcome[0], outcome[1], Long.parseLong(outcome[2]),
            outcome[3]);
    }
}
