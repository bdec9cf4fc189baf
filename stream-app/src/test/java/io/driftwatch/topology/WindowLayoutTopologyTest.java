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
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The whole topology on a layout whose window size changed: predictions in the windows kept at the change and in
 * the windows after it are counted in their own windows, their outcomes are joined to those same windows, and every
 * report's end is its window's. By example (one minute, then 90 s) and over random changes.
 */
class WindowLayoutTopologyTest {

    private static final long SECOND_SIZE = 90_000;
    // Changed at T0 + 30 s: the window open then [T0, T0 + 1m) and the next keep a minute; 90 s from T0 + 2m.
    private static final WindowLayout LAYOUT = WindowLayout.of(Duration.ofMinutes(1)).changedTo(SECOND_SIZE, T0 + 30_000);

    /**
     * Over random histories of one or two changes and random predictions (each within a few seconds of the
     * latest, so none is late), two in three with an outcome: the reports are exactly the windows of the layout
     * that hold predictions, one after the other without overlap, each with its own end, count and labelled count.
     */
    @Property(tries = 25)
    void overRandomChangesEveryReportIsAWindowOfTheLayout(@ForAll long seed) {
        Random random = new Random(seed);
        long[] sizes = {30_000, 60_000, 90_000, 120_000};
        WindowLayout layout = WindowLayout.of(Duration.ofMillis(sizes[random.nextInt(sizes.length)]));
        long changeAt = T0;
        for (int c = 0; c < 1 + random.nextInt(2); c++) {
            changeAt += random.nextInt(240_000);
            layout = layout.changedTo(sizes[random.nextInt(sizes.length)], changeAt);
        }
        WindowLayout windows = layout;
        List<Long> times = new ArrayList<>();
        long latest = T0;
        for (int i = 0; i < 50 + random.nextInt(250); i++) {
            latest += random.nextInt(3_000);
            times.add(Math.max(T0, latest - random.nextInt(5_000)));
        }
        Map<Long, Long> predictions = new TreeMap<>();
        Map<Long, Long> labelled = new TreeMap<>();
        try (LabelJoinRig rig = new LabelJoinRig(JoinLayout.REPARTITION, io.driftwatch.alerting.RulesSource.defaults(),
                 Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC),
                 Map.of("window.max.lead", "1d", "window.size", windows.currentSizeMs() + "ms"),
                 deps -> deps.withWindowLayout(AgreedWindowLayout.of(windows)))) {
            for (int i = 0; i < times.size(); i++) {
                String id = "p" + i;
                long time = times.get(i);
                rig.send(id.getBytes(StandardCharsets.UTF_8), LabelJoinRig.prediction(id, "m", time, (i % 10) / 10.0, "a"));
                predictions.merge(windows.startOf(time), 1L, Long::sum);
                if (i % 3 != 0) {
                    rig.sendOutcome(id.getBytes(StandardCharsets.UTF_8), id, "m", time + 1_000, i % 2 == 0 ? "1" : "0");
                    labelled.merge(windows.startOf(time), 1L, Long::sum);
                }
            }
            long lastEnd = windows.endOf(windows.startOf(latest));
            assertReportsAre(rig, windows, lastEnd, predictions, labelled);
        }
    }

    @Test
    void eachWindowOfTheLayoutCountsItsOwnPredictionsAndOutcomes() {
        assertThat(LAYOUT.lastChangeMs()).isEqualTo(T0 + 2 * MINUTE);
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
            assertThat(predictions.keySet()).as("windows sent to").containsExactlyElementsOf(starts);
            assertReportsAre(rig, LAYOUT, lastEnd, predictions, labelled);
        }
    }

    /**
     * Dead letters are summed per window of wall-clock time, cut by the same layout: the summaries of a layout changed
     * at T0 + 30 s (from a minute to 90 s, change point T0 + 2m) tile the wall clock as the event windows do.
     */
    @Test
    void deadLetterSummariesUseTheLayoutOnTheWallClock() {
        BinaryTopicSerdes serdes = new BinaryTopicSerdes();
        try (MinuteWindowsRig rig = new MinuteWindowsRig("dead-letter-windows", Map.of("window.size", "90s"), serdes,
                 new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                 deps -> deps.withWindowLayout(AgreedWindowLayout.of(LAYOUT)))) {
            var audit = rig.driver.createOutputTopic("audit", new org.apache.kafka.common.serialization.StringDeserializer(),
                serdes.auditSerde.deserializer());
            // Wall-clock seconds after T0 at which a record that cannot be decoded arrives: one in each window.
            long[] at = {5, 70, 130, 230};
            long wall = MinuteWindowsRig.T0;
            for (long second : at) {
                rig.driver.advanceWallClockTime(Duration.ofMillis(MinuteWindowsRig.T0 + second * 1_000 - wall));
                wall = MinuteWindowsRig.T0 + second * 1_000;
                rig.predictions.pipeInput(("bad-" + second).getBytes(StandardCharsets.UTF_8), new byte[] {7, 7, 7}, wall);
            }
            rig.driver.advanceWallClockTime(Duration.ofMinutes(10));
            List<String> windows = audit.readValuesToList().stream()
                .filter(r -> r.getType() == io.driftwatch.schemas.AuditType.INPUT_REJECTED)
                .map(r -> between(r.getPayload(), "\"window_start\":\"") + ".." + between(r.getPayload(), "\"window_end\":\""))
                .toList();
            assertThat(windows).containsExactly(
                "2026-11-22T10:00:00Z..2026-11-22T10:01:00Z", "2026-11-22T10:01:00Z..2026-11-22T10:02:00Z",
                "2026-11-22T10:02:00Z..2026-11-22T10:03:30Z", "2026-11-22T10:03:30Z..2026-11-22T10:05:00Z");
        }
    }

    private static String between(String json, String prefix) {
        int from = json.indexOf(prefix) + prefix.length();
        return json.substring(from, json.indexOf('"', from));
    }

    /**
     * Closes every window up to {@code lastEnd} and lets revisions come; then the latest report of each window must
     * be one of {@code layout}'s, with the predictions and outcomes sent to it, and none may overlap the one before.
     */
    private static void assertReportsAre(LabelJoinRig rig, WindowLayout layout, long lastEnd, Map<Long, Long> predictions,
                                         Map<Long, Long> labelled) {
        rig.heartbeat(Duration.ofSeconds(1));
        String closer = "closer";
        rig.send(closer.getBytes(StandardCharsets.UTF_8), LabelJoinRig.prediction(closer, "m", lastEnd + 10_001, 0.5, "a"));
        rig.heartbeat(Duration.ofSeconds(6));
        rig.heartbeat(Duration.ofSeconds(6));

        Map<Long, WindowReport> latest = new TreeMap<>();
        rig.reports().forEach(r -> latest.merge(r.getWindowStart().toEpochMilli(), r,
            (a, b) -> a.getRevision() >= b.getRevision() ? a : b));
        assertThat(latest.keySet()).as("windows reported, layout %s", layout.encode())
            .containsExactlyElementsOf(predictions.keySet());
        long previousEnd = Long.MIN_VALUE;
        for (WindowReport r : latest.values()) {
            long start = r.getWindowStart().toEpochMilli();
            assertThat(start).as("%s starts after the window before ends", r.getWindowStart()).isGreaterThanOrEqualTo(previousEnd);
            assertThat(r.getWindowEnd().toEpochMilli()).as("end of %s", r.getWindowStart()).isEqualTo(layout.endOf(start));
            assertThat(r.getEventCount()).as("predictions in %s", r.getWindowStart()).isEqualTo(predictions.get(start));
            assertThat(r.getLateEventCount()).isZero();
            // A window none of whose predictions has an outcome reports no quality section.
            long joined = r.getQuality() == null ? 0 : r.getQuality().getLabelledCount();
            assertThat(joined).as("outcomes joined to %s", r.getWindowStart()).isEqualTo(labelled.getOrDefault(start, 0L));
            previousEnd = r.getWindowEnd().toEpochMilli();
        }
    }
}
