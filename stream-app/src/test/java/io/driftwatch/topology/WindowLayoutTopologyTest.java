package io.driftwatch.topology;

import static io.driftwatch.topology.LabelJoinRig.MINUTE;
import static io.driftwatch.topology.LabelJoinRig.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.profile.WindowLayout;
import io.driftwatch.schemas.WindowReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The whole topology on a layout whose window size changed from one minute to 90 s: predictions in the two
 * minute windows kept at the change and in the 90 s windows after it are counted in their own windows, their
 * outcomes are joined to those same windows, and every report's end is its window's.
 */
class WindowLayoutTopologyTest {

    private static final long SECOND_SIZE = 90_000;
    // Changed at T0 + 30 s: the window open then [T0, T0 + 1m) and the next keep a minute; 90 s from T0 + 2m.
    private static final WindowLayout LAYOUT = WindowLayout.of(Duration.ofMinutes(1)).changedTo(SECOND_SIZE, T0 + 30_000);

    @Test
    void eachWindowOfTheLayoutCountsItsOwnPredictionsAndOutcomes() {
        assertThat(LAYOUT.spans().get(1).fromMs()).isEqualTo(T0 + 2 * MINUTE);
        List<Long> starts = List.of(T0, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 2 * MINUTE + SECOND_SIZE);
        long lastEnd = T0 + 2 * MINUTE + 2 * SECOND_SIZE;
        Map<Long, Long> predictions = new TreeMap<>();
        Map<Long, Long> labelled = new TreeMap<>();
        try (LabelJoinRig rig = new LabelJoinRig(JoinLayout.REPARTITION, io.driftwatch.alerting.RulesSource.defaults(),
                 Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC), Map.of("window.max.lead", "1d", "window.size", "90s"),
                 deps -> deps.withWindowLayout(AgreedWindowLayout.of(LAYOUT)))) {
            for (int w = 0; w < starts.size(); w++) {
                long start = starts.get(w);
                long end = w + 1 < starts.size() ? starts.get(w + 1) : lastEnd;
                int count = 40 + 7 * w;
                for (int i = 0; i < count; i++) {
                    String id = "w" + w + "-" + i;
                    // Spread over the whole window, its first and last millisecond included.
                    long time = start + (end - start - 1) * i / (count - 1);
                    rig.send(id.getBytes(StandardCharsets.UTF_8), LabelJoinRig.prediction(id, "m", time, (i % 10) / 10.0, "a"));
                    predictions.merge(start, 1L, Long::sum);
                    if (i % 3 != 0) {
                        rig.sendOutcome(id.getBytes(StandardCharsets.UTF_8), id, "m", time + 1_000, i % 2 == 0 ? "1" : "0");
                        labelled.merge(start, 1L, Long::sum);
                    }
                }
            }
            rig.heartbeat(Duration.ofSeconds(1));
            String closer = "closer";
            rig.send(closer.getBytes(StandardCharsets.UTF_8), LabelJoinRig.prediction(closer, "m", lastEnd + 10_001, 0.5, "a"));
            rig.heartbeat(Duration.ofSeconds(6));
            rig.heartbeat(Duration.ofSeconds(6));

            Map<Long, WindowReport> latest = new TreeMap<>();
            List<WindowReport> all = new ArrayList<>(rig.reports());
            all.forEach(r -> latest.merge(r.getWindowStart().toEpochMilli(), r,
                (a, b) -> a.getRevision() >= b.getRevision() ? a : b));
            assertThat(latest.keySet()).as("windows reported").containsExactlyElementsOf(starts);
            for (WindowReport r : latest.values()) {
                long start = r.getWindowStart().toEpochMilli();
                assertThat(r.getWindowEnd().toEpochMilli()).as("end of %s", r.getWindowStart()).isEqualTo(LAYOUT.endOf(start));
                assertThat(r.getEventCount()).as("predictions in %s", r.getWindowStart()).isEqualTo(predictions.get(start));
                assertThat(r.getLateEventCount()).isZero();
                assertThat(r.getQuality().getLabelledCount()).as("outcomes joined to %s", r.getWindowStart())
                    .isEqualTo(labelled.get(start));
            }
        }
    }
}
