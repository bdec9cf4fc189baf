package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ProportionDifferenceTest {

    /**
     * /usr/bin/python3, statsmodels 0.13.5:
     * statsmodels.stats.proportion.confint_proportions_2indep(hitsB, countB, hitsA, countA,
     * method='newcomb', compare='diff', alpha=0.05).
     */
    @ParameterizedTest
    @CsvSource({
        "8820, 9000, 860, 1000, -0.14304472660041961, -0.099630713910923707",
        "40, 50, 45, 50, -0.043431785912092041, 0.24209715781408725",
        "2, 40, 0, 30, -0.16503877369140968, 0.069139559081993152",
        "9990, 10000, 999, 1000, -0.0046649692416566762, 0.0011762578177073621",
    })
    void newcombesIntervalMatchesStatsmodels(long hitsA, long countA, long hitsB, long countB, double low, double high) {
        ProportionDifference.Result r = ProportionDifference.test(hitsA, countA, hitsB, countB, 0.95);
        assertThat(r.ciLow()).isCloseTo(low, within(1e-9));
        assertThat(r.ciHigh()).isCloseTo(high, within(1e-9));
        assertThat(r.difference()).isCloseTo((double) hitsB / countB - (double) hitsA / countA, within(1e-15));
    }

    @Test
    void theZTestMatchesStatsmodels() {
        // statsmodels.stats.proportion.proportions_ztest([860, 8820], [1000, 9000]) (pooled): z of b − a.
        ProportionDifference.Result r = ProportionDifference.test(8820, 9000, 860, 1000, 0.95);
        assertThat(r.z()).isCloseTo(Z_860_OF_1000_VS_8820_OF_9000, within(1e-9));
        assertThat(r.pValue()).isCloseTo(P_860_OF_1000_VS_8820_OF_9000, within(1e-100));
    }

    private static final double Z_860_OF_1000_VS_8820_OF_9000 = -20.454545454545446;
    private static final double P_860_OF_1000_VS_8820_OF_9000 = 5.4729965568689516e-93;
}
