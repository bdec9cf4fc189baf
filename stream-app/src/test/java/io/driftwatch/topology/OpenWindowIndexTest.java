package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.profile.WindowKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class OpenWindowIndexTest {

    private static final Comparator<WindowKey> BY_START = Comparator.comparingLong(WindowKey::windowStart);

    /**
     * Over random creations (again and again, as every partition's partial notes its window) and closes, the windows
     * the index gives for a watermark are those of a scan of every open window, ordered by their start.
     */
    @Property(tries = 200)
    void givesWhatAScanOfEveryOpenWindowGives(@ForAll long seed) {
        Random rnd = new Random(seed);
        OpenWindowIndex index = new OpenWindowIndex();
        List<WindowKey> open = new ArrayList<>();
        for (int step = 0; step < 200; step++) {
            if (open.isEmpty() || rnd.nextInt(3) > 0) {
                WindowKey key = new WindowKey("m" + rnd.nextInt(3), "v" + rnd.nextInt(2), 1000L * rnd.nextInt(20));
                index.add(key);
                if (!open.contains(key)) {
                    open.add(key);
                }
            } else {
                WindowKey closed = open.remove(rnd.nextInt(open.size()));
                index.remove(closed);
            }
            long start = 1000L * rnd.nextInt(22) - 500;
            List<WindowKey> ready = index.startingBy(start);
            assertThat(ready).containsExactlyInAnyOrderElementsOf(
                open.stream().filter(k -> k.windowStart() <= start).toList());
            assertThat(ready).isSortedAccordingTo(BY_START);
            assertThat(index.startingBy(Long.MAX_VALUE)).hasSameSizeAs(open);
        }
    }
}
