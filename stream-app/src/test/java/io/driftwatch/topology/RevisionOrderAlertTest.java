package io.driftwatch.topology;

import static io.driftwatch.topology.LabelJoinRig.MINUTE;
import static io.driftwatch.topology.LabelJoinRig.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.RulesSource;
import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/alerting.md, "Order and revisions": "A window whose first report had no observation for a fingerprint
 * (too few labels yet for min_samples) is not 'judged': when its labels arrive, even after later windows closed,
 * it is evaluated as the fingerprint's next window." Two such windows whose labels arrive before the same
 * revision pass must be published, and so judged, in window order.
 */
class RevisionOrderAlertTest {

    @TempDir
    Path dir;

    @Test
    void unjudgedWindowsRevisedInOnePassAreJudgedInWindowOrder() throws Exception {
        Path file = Files.writeString(dir.resolve("rules.yaml"), """
            rules:
              - {name: low-accuracy, metric: quality.accuracy, comparator: "<", threshold: 0.7, severity: critical, min_samples: 20}
            """);
        RulesSource rules = RulesSource.watching(file);
        try (LabelJoinRig rig = new LabelJoinRig(JoinLayout.AUTO, rules)) {
            for (int w = 0; w < 2; w++) {
                for (int i = 0; i < 40; i++) {
                    PredictionEvent p = LabelJoinRig.prediction("w" + w + "-" + i, "fraud", T0 + w * MINUTE + i * 100L, 0.9, "a");
                    rig.send(p.getPredictionId().getBytes(StandardCharsets.UTF_8), p);
                }
            }
            // Windows 0 and 1 close without labels: no observation of quality.accuracy yet.
            rig.closeWindowOf("fraud", T0 + MINUTE);
            rig.heartbeat(Duration.ofSeconds(1));
            assertThat(rig.reports()).extracting(WindowReport::getRevision).containsOnly(0);

            // Labels for both windows arrive together: window 0 all wrong (accuracy 0), window 1 all right.
            for (int w = 0; w < 2; w++) {
                for (int i = 0; i < 40; i++) {
                    String id = "w" + w + "-" + i;
                    rig.sendOutcome(id.getBytes(StandardCharsets.UTF_8), id, "fraud", T0 + 2 * MINUTE, w == 0 ? "0" : "1");
                }
            }
            rig.heartbeat(Duration.ofSeconds(1)); // the label join sends what it joined
            rig.heartbeat(Duration.ofSeconds(5)); // the merge stage's revision pass

            List<String> revisions = rig.reports().stream()
                .map(r -> (r.getWindowStart().toEpochMilli() - T0) / MINUTE + "#" + r.getRevision()).toList();
            assertThat(revisions).as("revisions published in window order").containsExactly("0#1", "1#1");
            assertThat(rig.alerts()).as("window 0 (accuracy 0) fires, window 1 (accuracy 1) resolves")
                .extracting(a -> a.getStatus() + "@" + (a.getWindowStart().toEpochMilli() - T0) / MINUTE)
                .containsExactly("FIRING@0", "RESOLVED@1");
        }
    }
}
