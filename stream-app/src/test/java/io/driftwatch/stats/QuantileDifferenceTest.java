package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantileDifferenceTest {

    /** An exact "sketch" of a sample: the quantile is the order statistic, the rank error 0. */
    private record Exact(double[] sorted) implements QuantileDifference.Sketch {
        static Exact of(double[] values) {
            double[] s = values.clone();
            Arrays.sort(s);
            return new Exact(s);
        }

        @Override
        public long count() {
            return sorted.length;
        }

        @Override
        public double quantile(double rank) {
            int i = (int) Math.ceil(rank * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }

        @Override
        public double rankError() {
            return 0;
        }
    }

    private static double[] lognormal(SplittableRandom random, int n, double median, double sigma) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = median * Math.exp(sigma * random.nextGaussian());
        }
        return v;
    }

    @Test
    void coversTheTrueDifferenceOfP99AtLeastAsOftenAsItSays() {
        SplittableRandom random = new SplittableRandom(99);
        int runs = 1000;
        int misses = 0;
        for (int run = 0; run < runs; run++) {
            QuantileDifference.Result r = QuantileDifference.compare(Exact.of(lognormal(random, 3000, 20, 0.5)),
                Exact.of(lognormal(random, 400, 20, 0.5)), 0.99, 0.95);
            if (r.ciLow() > 0 || r.ciHigh() < 0) {
                misses++;
            }
        }
        // Same distribution: the true difference is 0; the interval is Bonferroni-conservative.
        assertThat(misses).isLessThanOrEqualTo(50 + 3 * 7);
    }

    @Test
    void provesAFortyPercentSlowerTail() {
        SplittableRandom random = new SplittableRandom(40);
        QuantileDifference.Result r = QuantileDifference.compare(Exact.of(lognormal(random, 9000, 20, 0.5)),
            Exact.of(lognormal(random, 1000, 28, 0.5)), 0.99, 0.95);
        assertThat(r.ciLow()).isPositive();
        assertThat(r.difference()).isBetween(0.2 * r.quantileA(), 0.6 * r.quantileA());
    }

    @Test
    void boundsOfOneQuantileAreTheOrderStatisticsAtTheBinomialRanks() {
        double[] values = new double[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1;
        }
        // z = scipy.stats.norm.ppf(0.975) = 1.959963984540054; ranks 0.99 ± z·sqrt(0.99·0.01/1000) = 0.98383, 0.99617,
        // so the order statistics ceil(983.83) = 984 and ceil(996.17) = 997.
        double[] b = QuantileDifference.bounds(Exact.of(values), 0.99, 0.95);
        assertThat(b[0]).isEqualTo(984);
        assertThat(b[1]).isEqualTo(997);
    }

    @Test
    void aSketchsRankErrorWidensTheInterval() {
        SplittableRandom random = new SplittableRandom(1);
        Exact a = Exact.of(lognormal(random, 2000, 20, 0.5));
        Exact b = Exact.of(lognormal(random, 2000, 20, 0.5));
        QuantileDifference.Sketch fuzzyB = new QuantileDifference.Sketch() {
            @Override
            public long count() {
                return b.count();
            }

            @Override
            public double quantile(double rank) {
                return b.quantile(rank);
            }

            @Override
            public double rankError() {
                return 0.002;
            }
        };
        QuantileDifference.Result exact = QuantileDifference.compare(a, b, 0.95, 0.95);
        QuantileDifference.Result fuzzy = QuantileDifference.compare(a, fuzzyB, 0.95, 0.95);
        assertThat(fuzzy.ciHigh() - fuzzy.ciLow()).isGreaterThan(exact.ciHigh() - exact.ciLow());
    }
}
