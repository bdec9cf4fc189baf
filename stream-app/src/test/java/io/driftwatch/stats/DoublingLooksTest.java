package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The look schedule: however the labels of a window arrive, it looks at most as often as it budgets for. */
class DoublingLooksTest {

    /**
     * Labels arrive in any number of revisions of any size (a growing sample, at most all the
     * window's predictions): the looks from {@code minSample} on never outnumber
     * {@link DoublingLooks#maxLooks}, each look at least doubles the last, and a report that is not
     * a look keeps the last look's sample.
     */
    @Property(tries = 500)
    void looksNeverOutnumberTheBudget(@ForAll @LongRange(min = 1, max = 200_000) long predictions,
                                      @ForAll @LongRange(min = 0, max = 2_000) long minSample,
                                      @ForAll @IntRange(min = 1, max = 400) int revisions,
                                      @ForAll long seed) {
        Random random = new Random(seed);
        long lastLook = 0;
        long sample = 0;
        List<Long> counted = new ArrayList<>();
        for (int r = 0; r < revisions && sample < predictions; r++) {
            // Mostly small steps, now and then a jump: trickling labels and batch uploads.
            long step = random.nextInt(10) == 0 ? 1 + random.nextLong(predictions) : 1 + random.nextLong(1 + predictions / 50);
            sample = Math.min(predictions, sample + step);
            long next = DoublingLooks.next(lastLook, sample);
            if (next != lastLook) {
                assertThat(next).isEqualTo(sample);
                assertThat(sample).isGreaterThanOrEqualTo(lastLook == 0 ? DoublingLooks.FIRST_LOOK : 2 * lastLook);
                if (sample >= minSample) {
                    counted.add(sample);
                }
            } else {
                assertThat(lastLook == 0 ? sample < DoublingLooks.FIRST_LOOK : sample < 2 * lastLook).isTrue();
            }
            lastLook = next;
        }
        assertThat(counted.size()).as("looks %s of %d predictions from %d on", counted, predictions, minSample)
                .isLessThanOrEqualTo(DoublingLooks.maxLooks(predictions, minSample));
    }

    /** The budget is ⌊log₂(N / m)⌋ + 1, computed here in floating point against the method's integer doubling. */
    @Property(tries = 1000)
    void theBudgetIsTheLogarithmOfTheRange(@ForAll @LongRange(min = 1, max = 10_000_000) long predictions,
                                           @ForAll @LongRange(min = 0, max = 100_000) long minSample) {
        long m = Math.max(minSample, DoublingLooks.FIRST_LOOK);
        int expected = predictions < m ? 1 : (int) Math.floor(Math.log((double) predictions / m) / Math.log(2) + 1e-12) + 1;
        assertThat(DoublingLooks.maxLooks(predictions, minSample)).isEqualTo(expected);
    }

    @Test
    void examples() {
        // 1000 predictions, looks from 100 labels on: 100-199, 200-399, 400-799, 800-1000 can each hold one.
        assertThat(DoublingLooks.maxLooks(1000, 100)).isEqualTo(4);
        assertThat(DoublingLooks.maxLooks(799, 100)).isEqualTo(3);
        assertThat(DoublingLooks.maxLooks(800, 100)).isEqualTo(4);
        assertThat(DoublingLooks.maxLooks(1000, 0)).as("from the first look's 32 on").isEqualTo(5);
        assertThat(DoublingLooks.maxLooks(50, 100)).isEqualTo(1);
        assertThat(DoublingLooks.next(0, 31)).isZero();
        assertThat(DoublingLooks.next(0, 32)).isEqualTo(32);
        assertThat(DoublingLooks.next(150, 299)).isEqualTo(150);
        assertThat(DoublingLooks.next(150, 300)).isEqualTo(300);
        assertThatThrownBy(() -> DoublingLooks.next(-1, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
