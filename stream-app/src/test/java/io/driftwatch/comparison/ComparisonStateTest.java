package io.driftwatch.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Property over random histories: whatever the order in which windows are first reported and then
 * revised (labels arriving late), the comparison's tallies equal the sum of each window's latest
 * figures, and every window is counted once. And over the label horizon: a window stays revisable
 * until the horizon plus a window has passed, however many windows that is, and is forgotten after.
 */
class ComparisonStateTest {

    /** The label horizon (7 days) plus a window of a minute: how long the stage keeps compared windows revisable. */
    static final long REVISABLE_MS = Duration.ofDays(7).plusMinutes(1).toMillis();

    private static final long FIVE_MINUTES = Duration.ofMinutes(5).toMillis();
    /** The defaults: 5-minute windows and a 7-day label horizon, so 2,016 windows can still be revised. */
    private static final long DEFAULT_REVISABLE_MS = Duration.ofDays(7).plusMinutes(5).toMillis();

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
            state = state.withWindow(start, c, k, previous == null ? null : previous[0],
                previous == null ? null : previous[1], REVISABLE_MS);
            latest.put(start, new VersionFigures[] {c, k});
            state = ComparisonState.fromBytes(state.toBytes());
        }
        assertThat(state.windowsCompared()).isEqualTo(latest.size());
        for (long start : order) {
            assertThat(state.appliedWindows().contains(start)).isEqualTo(latest.containsKey(start));
        }
        assertThat(state.appliedWindows().runs()).hasSizeLessThanOrEqualTo(latest.size());
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

    /** A 5-minute window of a version with exactly these counts. */
    private static VersionFigures counted(String version, long start, long labelled, long correct, long events) {
        return new VersionFigures(version, start, start + FIVE_MINUTES, 0, labelled, correct, Double.NaN, Double.NaN,
            events, 1, 0, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Windows 0 to {@code last} compared once each, 10 labelled and 100 events per version and window. */
    private static ComparisonState compared(int last) {
        ComparisonState state = ComparisonState.initial();
        for (int w = 0; w <= last; w++) {
            long start = w * FIVE_MINUTES;
            state = state.withWindow(start, counted("1", start, 10, 9, 100), counted("2", start, 10, 9, 100), null, null,
                DEFAULT_REVISABLE_MS);
        }
        return state;
    }

    /**
     * Late labels revise a window 2,016 windows behind the newest (7 days of 5-minute windows, still within the
     * horizon): its figures are replaced. A state that remembered the last 1,024 windows added them a second time.
     */
    @Test
    void aWindowStillWithinTheLabelHorizonIsRevisedInPlaceHoweverManyWindowsCameAfter() {
        ComparisonState state = compared(2016);
        VersionFigures c0 = counted("1", 0, 10, 9, 100);
        VersionFigures k0 = counted("2", 0, 10, 9, 100);
        ComparisonState revised = ComparisonState.fromBytes(state.toBytes())
            .withWindow(0, counted("1", 0, 20, 18, 100), k0, c0, k0, DEFAULT_REVISABLE_MS);
        assertThat(revised.windowsCompared()).isEqualTo(2017);
        assertThat(revised.control(JudgedMetric.ACCURACY).count()).isEqualTo(10L * 2017 + 10);
        assertThat(revised.candidate(JudgedMetric.ACCURACY).count()).isEqualTo(10L * 2017);
        assertThat(revised.control(JudgedMetric.ERROR_RATE).count()).isEqualTo(100L * 2017);
    }

    /** Past the horizon plus a window, no revision can come: the window is forgotten, and a report of it adds nothing. */
    @Test
    void aWindowPastTheLabelHorizonIsForgottenAndAReportOfItAddsNothing() {
        ComparisonState state = compared(2018);
        assertThat(state.appliedWindows().contains(0)).isFalse();
        assertThat(state.appliedWindows().contains(FIVE_MINUTES)).isTrue();
        VersionFigures c0 = counted("1", 0, 10, 9, 100);
        VersionFigures k0 = counted("2", 0, 10, 9, 100);
        assertThat(state.withWindow(0, counted("1", 0, 20, 18, 100), k0, c0, k0, DEFAULT_REVISABLE_MS)).isEqualTo(state);
    }

    /** Compared windows are kept as runs of adjacent windows: a week of them is two numbers in the changelog, not 2,016. */
    @Test
    void adjacentWindowsAreStoredAsOneRun() throws Exception {
        ComparisonState state = compared(2016);
        VersionFigures c = counted("1", 2020 * FIVE_MINUTES, 10, 9, 100);
        state = state.withWindow(2020 * FIVE_MINUTES, c, counted("2", 2020 * FIVE_MINUTES, 10, 9, 100), null, null,
            DEFAULT_REVISABLE_MS);
        // Windows 0 to 2 started more than the horizon plus a window (2,017 windows) before window 2020: forgotten.
        // Windows 3 to 2016 are one run, 2020 another.
        assertThat(new ObjectMapper().readTree(state.toBytes()).get("appliedWindows").toString())
            .isEqualTo("[[" + 3 * FIVE_MINUTES + "," + 2017 * FIVE_MINUTES + "],[" + 2020 * FIVE_MINUTES + ","
                + 2021 * FIVE_MINUTES + "]]");
        assertThat(ComparisonState.fromBytes(state.toBytes())).isEqualTo(state);
    }

    /** A state stored when compared windows were a list of their starts still reads, and its windows are still revised in place. */
    @Test
    void aStateStoredAsAListOfWindowStartsStillReadsAndRevisesItsWindowsInPlace() throws Exception {
        ComparisonState state = compared(2);
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(state.toBytes());
        tree.putArray("appliedWindows").add(0L).add(FIVE_MINUTES).add(2 * FIVE_MINUTES);
        ComparisonState read = ComparisonState.fromBytes(json.writeValueAsBytes(tree));
        VersionFigures c1 = counted("1", FIVE_MINUTES, 10, 9, 100);
        VersionFigures k1 = counted("2", FIVE_MINUTES, 10, 9, 100);
        ComparisonState revised = read.withWindow(FIVE_MINUTES, counted("1", FIVE_MINUTES, 30, 27, 100), k1, c1, k1,
            DEFAULT_REVISABLE_MS);
        assertThat(revised.windowsCompared()).isEqualTo(3);
        assertThat(revised.control(JudgedMetric.ACCURACY).count()).isEqualTo(50);
        long next = 3 * FIVE_MINUTES;
        ComparisonState added = revised.withWindow(next, counted("1", next, 10, 9, 100), counted("2", next, 10, 9, 100),
            null, null, DEFAULT_REVISABLE_MS);
        assertThat(added.windowsCompared()).isEqualTo(4);
        assertThat(added.appliedWindows().contains(2 * FIVE_MINUTES)).isTrue();
        assertThat(added.appliedWindows().contains(next)).isTrue();
        tree.remove("appliedWindows");
        assertThat(ComparisonState.fromBytes(json.writeValueAsBytes(tree)).appliedWindows()).isEqualTo(AppliedWindows.NONE);
    }
}
