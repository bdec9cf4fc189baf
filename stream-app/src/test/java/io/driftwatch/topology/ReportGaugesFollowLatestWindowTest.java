package io.driftwatch.topology;

import static io.driftwatch.topology.LabelJoinRig.MINUTE;
import static io.driftwatch.topology.LabelJoinRig.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.Gauge;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md, "Window reports": the report gauges are those of the version's newest window, as the
 * API's latest report is; {@code driftwatch_window_end_timestamp_seconds} never goes backwards. A revision of
 * an older window (late labels, re-published every labels.revision.interval for up to labels.horizon) must not
 * set them back to that window's figures, except the quality gauges, which show the newest window that has labels;
 * a revision of the newest window brings its labels to them. And the
 * gauges of a merge task that leaves the instance go with it.
 */
class ReportGaugesFollowLatestWindowTest {

    @Test
    void aRevisionOfAnOlderWindowDoesNotSetTheGaugesBackToThatWindow() {
        try (LabelJoinRig rig = new LabelJoinRig(JoinLayout.AUTO)) {
            // Window 0: 40 predictions; window 1: 10.
            for (int w = 0; w < 2; w++) {
                for (int i = 0; i < (w == 0 ? 40 : 10); i++) {
                    PredictionEvent p = LabelJoinRig.prediction("w" + w + "-" + i, "fraud", T0 + w * MINUTE + i * 100L, 0.9, "a");
                    rig.send(p.getPredictionId().getBytes(StandardCharsets.UTF_8), p);
                }
            }
            rig.closeWindowOf("fraud", T0 + MINUTE);
            rig.heartbeat(Duration.ofSeconds(1));
            assertThat(rig.reports()).extracting(r -> (r.getWindowStart().toEpochMilli() - T0) / MINUTE + "#" + r.getRevision())
                .containsExactly("0#0", "1#0");
            double window1End = (T0 + 2 * MINUTE) / 1000.0;
            assertThat(gauge(rig, "driftwatch_window_end_timestamp_seconds")).isEqualTo(window1End);
            assertThat(gauge(rig, "driftwatch_window_events")).isEqualTo(10.0);

            // Labels of window 0 arrive late: window 0 is revised (a report with revision 1).
            for (int i = 0; i < 40; i++) {
                String id = "w0-" + i;
                rig.sendOutcome(id.getBytes(StandardCharsets.UTF_8), id, "fraud", T0 + 2 * MINUTE, "1");
            }
            rig.heartbeat(Duration.ofSeconds(1));
            rig.heartbeat(Duration.ofSeconds(5));
            List<WindowReport> revised = rig.reports();
            assertThat(revised).extracting(r -> (r.getWindowStart().toEpochMilli() - T0) / MINUTE + "#" + r.getRevision())
                .contains("0#1");

            // The latest window is still window 1 (the API's latest report is); the gauges must say so.
            assertThat(gauge(rig, "driftwatch_window_end_timestamp_seconds"))
                .as("driftwatch_window_end_timestamp_seconds after a revision of an older window (must not go backwards)")
                .isEqualTo(window1End);
            assertThat(gauge(rig, "driftwatch_window_events"))
                .as("driftwatch_window_events of the latest window (window 1: 10 events)")
                .isEqualTo(10.0);
            // Window 1 has no labels yet: window 0's are the version's latest, and its quality gauges show them.
            assertThat(gauge(rig, "driftwatch_labelled_events")).as("labelled predictions of window 0").isEqualTo(40.0);
        }
    }

    @Test
    void aRevisionOfTheLatestWindowBringsItsLabelsToTheQualityGauges() {
        try (LabelJoinRig rig = new LabelJoinRig(JoinLayout.AUTO)) {
            for (int i = 0; i < 40; i++) {
                PredictionEvent p = LabelJoinRig.prediction("p" + i, "fraud", T0 + i * 100L, 0.9, "a");
                rig.send(p.getPredictionId().getBytes(StandardCharsets.UTF_8), p);
            }
            rig.closeWindowOf("fraud", T0);
            rig.heartbeat(Duration.ofSeconds(1));
            assertThat(rig.reports()).extracting(WindowReport::getRevision).containsExactly(0);
            assertThat(rig.metrics.find("driftwatch_labelled_events").tag("model", "fraud").gauges()).isEmpty();

            for (int i = 0; i < 30; i++) {
                rig.sendOutcome(("p" + i).getBytes(StandardCharsets.UTF_8), "p" + i, "fraud", T0 + MINUTE + 20_000, "1");
            }
            rig.heartbeat(Duration.ofSeconds(1));
            rig.heartbeat(Duration.ofSeconds(5));
            assertThat(rig.reports()).extracting(WindowReport::getRevision).contains(1);

            assertThat(gauge(rig, "driftwatch_labelled_events")).isEqualTo(30.0);
            assertThat(gauge(rig, "driftwatch_label_coverage")).isEqualTo(0.75);
            assertThat(gauge(rig, "driftwatch_window_end_timestamp_seconds")).isEqualTo((T0 + MINUTE) / 1000.0);
        }
    }

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

    private static double gauge(LabelJoinRig rig, String name) {
        Gauge g = rig.metrics.find(name).tag("model", "fraud").tag("version", "1").gauge();
        assertThat(g).as(name).isNotNull();
        return g.value();
    }
}
