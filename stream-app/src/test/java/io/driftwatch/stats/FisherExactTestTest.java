package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

/**
 * Against exact tails computed independently in Python, with integers and fractions: the sum of
 * C(K, k)·C(N − K, n₂ − k) over the tail, divided by C(N, n₂), as {@code scipy.stats.fisher_exact(..., alternative='less')}
 * defines it. Relative tolerance 1e-9 %, from the tiny tails to the ones near 1.
 */
class FisherExactTestTest {

    @Test
    void theLowerTailMatchesTheExactSums() {
        assertTail(990, 1000, 170, 200, 1.22304136717601e-16);
        assertTail(100, 100, 105, 120, 7.363009741374248e-05);
        assertTail(4000, 5000, 266, 380, 5.604025483741517e-06);
        assertTail(190, 200, 160, 200, 3.368882570461314e-06);
        assertTail(117, 120, 130, 150, 0.0009726077688677131);
        assertTail(45, 50, 40, 50, 0.1311697286766857);
        assertTail(8, 10, 2, 10, 0.011507068782610578);
        // Large samples: the recurrence from the saddle-point term, a few hundred terms at most.
        assertTail(9900, 10_000, 1780, 2000, 1.3699013922890739e-98);
        assertTail(19_000, 20_000, 4500, 5000, 3.617731567360641e-36);
        // Above the mode: 1 minus the upper tail.
        assertTail(950, 1000, 960, 1000, 0.8823666690100987);
    }

    @Test
    void aSampleWithoutSuccessesOrWithAllOfThemIsNoEvidence() {
        assertThat(FisherExactTest.lowerInSecond(0, 100, 0, 100)).isEqualTo(1.0);
        assertThat(FisherExactTest.lowerInSecond(100, 100, 100, 100)).isEqualTo(1.0);
        assertThat(FisherExactTest.lowerInSecond(50, 100, 100, 100)).isEqualTo(1.0);
    }

    @Test
    void impossibleCountsAreRefused() {
        assertThatThrownBy(() -> FisherExactTest.lowerInSecond(11, 10, 1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FisherExactTest.lowerInSecond(1, 10, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FisherExactTest.lowerInSecond(1, Integer.MAX_VALUE, 1, 10))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertTail(long x1, long n1, long x2, long n2, double expected) {
        assertThat(FisherExactTest.lowerInSecond(x1, n1, x2, n2)).as("%d/%d then %d/%d", x1, n1, x2, n2)
            .isCloseTo(expected, withinPercentage(1e-9));
    }
}
