package io.driftwatch.topology;

import static io.driftwatch.topology.LabelJoinRig.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import io.driftwatch.schemas.PredictionEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** docs/metrics.md, "Several instances": the gauges of a merge task that leaves the instance go with it. */
class ReportGaugesFollowLatestWindowTest {

    /**
     * A gauge of a task that moved away is removed, not frozen at its last value and exported next to the
     * new owner's. Closing the topology closes the merge task, as a rebalance that revokes it does.
     */
    @Test
    void theReportGaugesOfAClosedMergeTaskAreWithdrawn() {
        LabelJoinRig rig = new LabelJoinRig(JoinLayout.AUTO);
        for (int i = 0; i < 40; i++) {
            PredictionEvent p = LabelJoinRig.prediction("p" + i, "fraud", T0 + i * 100L, 0.9, "a");
            rig.send(p.getPredictionId().getBytes(StandardCharsets.UTF_8), p);
        }
        rig.closeWindowOf("fraud", T0);
        rig.heartbeat(Duration.ofSeconds(1));
        assertThat(rig.reports()).isNotEmpty();
        assertThat(rig.metrics.find("driftwatch_window_events").tag("model", "fraud").gauge()).isNotNull();

        rig.close(); // the merge task is closed (revoked)

        assertThat(rig.metrics.find("driftwatch_window_events").tag("model", "fraud").gauges())
            .as("report gauges of fraud after its merge task was closed on this instance")
            .isEmpty();
    }
}
