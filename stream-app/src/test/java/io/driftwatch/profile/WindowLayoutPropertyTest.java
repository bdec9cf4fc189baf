package io.driftwatch.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Over random histories of {@code window.size} changes, the invariants {@link WindowLayout} promises: the windows
 * tile the time line (each event time in exactly one window; a window's end is the next one's start), a change
 * never moves the window open at the wall-clock time of the change (or at the last change point, for a change
 * before the last took effect), the one before or the one after it, and from the change point on the windows have
 * the new size.
 */
class WindowLayoutPropertyTest {

    private static final long T0 = 1_765_000_000_000L;
    private static final long[] SIZES = {1_000, 5_000, 7_000, 10_000, 15_000, 60_000, 300_000, 600_000, 3_600_000};

    @Property(tries = 300)
    void windowsTileTheTimeLineAndAChangeKeepsTheOpenWindows(@ForAll long seed) {
        Random random = new Random(seed);
        WindowLayout layout = WindowLayout.of(Duration.ofMillis(SIZES[random.nextInt(SIZES.length)]));
        long now = T0 + random.nextInt(1_000_000);
        for (int change = 0; change < 1 + random.nextInt(5); change++) {
            now += random.nextInt(5_000_000);
            long size = SIZES[random.nextInt(SIZES.length)];
            WindowLayout before = layout;
            layout = layout.changedTo(size, now);
            assertThat(WindowLayout.parse(layout.encode())).as("encoded and read back").isEqualTo(layout);
            assertThat(layout.currentSizeMs()).isEqualTo(size);
            if (size == before.currentSizeMs()) {
                assertThat(layout).as("the same size changes nothing").isSameAs(before);
                continue;
            }
            long open = before.startOf(Math.max(now, before.lastChangeMs()));
            long kept = before.endOf(open);
            long changePoint = layout.lastChangeMs();
            assertThat(changePoint).as("the change point: the end of the window after the open one")
                .isEqualTo(before.endOf(kept));
            for (long start : List.of(before.startBefore(open), open, kept)) {
                assertThat(layout.startOf(start)).isEqualTo(start);
                assertThat(layout.endOf(start)).as("window %s keeps its end", start).isEqualTo(before.endOf(start));
            }
            for (int i = 0; i < 20; i++) {
                long t = changePoint + random.nextInt(10_000_000);
                long start = layout.startOf(t);
                assertThat(layout.endOf(start) - start).as("a window after the change").isEqualTo(size);
                assertThat(Math.floorMod(start - changePoint, size)).as("aligned to the change point").isZero();
            }
        }
        List<WindowLayout.Span> spans = layout.spans();
        assertTiles(layout, random, T0, 100);
        for (int i = 1; i < spans.size(); i++) {
            assertTiles(layout, random, spans.get(i).fromMs() - 30 * spans.get(i - 1).sizeMs(), 100);
        }
    }

    @Test
    void aLayoutThatDoesNotTileIsRefused() {
        assertThatThrownBy(() -> WindowLayout.parse("windows/1 10000 12345:15000"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not start where a window");
        assertThatThrownBy(() -> WindowLayout.parse("windows/1 10000 20000:0"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> WindowLayout.parse("hello"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a window layout");
    }

    /** Walks {@code windows} windows one by one from the one holding {@code from}, and samples event times inside each. */
    private static void assertTiles(WindowLayout layout, Random random, long from, int windows) {
        long start = layout.startOf(from);
        assertThat(start).isLessThanOrEqualTo(from);
        assertThat(layout.endOf(start)).isGreaterThan(from);
        for (int w = 0; w < windows; w++) {
            long end = layout.endOf(start);
            assertThat(end).as("window %s ends after it starts", start).isGreaterThan(start);
            assertThat(layout.startOf(end)).as("the window after %s starts at its end", start).isEqualTo(end);
            assertThat(layout.startBefore(end)).isEqualTo(start);
            for (int i = 0; i < 3; i++) {
                long t = start + (long) (random.nextDouble() * (end - start));
                assertThat(layout.startOf(t)).as("event time %s in window %s", t, start).isEqualTo(start);
            }
            assertThat(layout.startOf(end - 1)).isEqualTo(start);
            start = end;
        }
    }
}
