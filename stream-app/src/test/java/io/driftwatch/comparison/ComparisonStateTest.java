package io.driftwatch.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Property over random histories: whatever the order in which windows are first reported and then
 * revised (labels arriving late), the comparison's tallies equal the sum of each window's latest
 * figures, and every window is counted once.
 */
class ComparisonStateTest {

    private static VersionFigures figures(SplittableRandom r, String version, long start, int revision) {
        long labelled = r.nextInt(50, 500);
        long correct = r.nextLong(labelled + 1);
        long events = labelled + r.nextInt(100);
        double abs = r.nextDouble() * labelled;
        return new VersionFigures(version, start, start + 60_000, revision, labelled, correct, abs, abs * 2, events,
            r.nextLong(events + 1), events, 1, 2, 3);
    }

    @RepeatedTest(200)
    void talliesAreTheSumOfEachWindowsLatestFiguresWhateverTheOrderOfRevisions(RepetitionInfo info) {
        SplittableRandom r = new SplittableRandom(info.getCurrentRepetition());
        int windows = r.nextInt(1, 20);
        Map<Long, VersionFigures[]> latest = new HashMap<>();
        ComparisonState state = ComparisonState.initial();
        List<Long> order = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            order.add((long) w * 60_000);
        }
        int steps = windows * 3;
        for (int step = 0; step < steps; step++) {
            long start = order.get(r.nextInt(order.size()));
            VersionFigures[] previous = latest.get(start);
            int revision = previous == null ? 0 : previous[0].revision() + 1;
            VersionFigures c = figures(r, "1", start, revision);
            VersionFigures k = figures(r, "2", start, revision);
            state = state.withWindow(start, c, k, previous == null ? null : previous[0], previous == null ? null : previous[1]);
            latest.put(start, new VersionFigures[] {c, k});
            state = ComparisonState.fromBytes(state.toBytes());
        }
        assertThat(state.windowsCompared()).isEqualTo(latest.size());
        for (JudgedMetric m : List.of(JudgedMetric.ACCURACY, JudgedMetric.ERROR_RATE, JudgedMetric.ABSOLUTE_ERROR)) {
            Tally c = Tally.EMPTY;
            Tally k = Tally.EMPTY;
            for (VersionFigures[] pair : latest.values()) {
                c = c.plus(pair[0].tally(m));
                k = k.plus(pair[1].tally(m));
            }
            assertThat(state.control(m).count()).isEqualTo(c.count());
            assertThat(state.candidate(m).count()).isEqualTo(k.count());
            assertThat(state.control(m).sum()).isCloseTo(c.sum(), within(1e-6));
            assertThat(state.candidate(m).sumSquares()).isCloseTo(k.sumSquares(), within(1e-6));
        }
    }
}
