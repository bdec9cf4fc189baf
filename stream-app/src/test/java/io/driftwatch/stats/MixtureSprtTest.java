package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixtureSprtTest {

    @Test
    void closedFormEqualsTheMixtureIntegral() {
        // /usr/bin/python3, SciPy 1.10.1: scipy.integrate.quad over theta of
        // norm.pdf(est, theta, sqrt(v)) / norm.pdf(est, th0, sqrt(v)) * norm.pdf(theta, th0, tau),
        // theta in th0 ± 12 tau, epsrel 1e-12: the mixture likelihood ratio, computed numerically.
        assertThat(MixtureSprt.likelihoodRatio(0.03, 1e-4, 0.02, 0)).isCloseTo(16.367228014507639, within(1e-9));
        assertThat(MixtureSprt.likelihoodRatio(-0.04, 2.5e-5, 0.02, -0.02)).isCloseTo(451.60373041307145, within(1e-7));
        assertThat(MixtureSprt.likelihoodRatio(0.001, 4e-4, 0.05, 0)).isCloseTo(0.37179109752973372, within(1e-12));
    }

    @Test
    void theConfidenceSequenceIsWhereTheRatioCrossesOneOverAlpha() {
        double v = 3e-5;
        double tau = 0.02;
        double alpha = 0.01;
        double half = MixtureSprt.halfWidth(v, tau, alpha);
        assertThat(MixtureSprt.likelihoodRatio(0.1, v, tau, 0.1 + half)).isCloseTo(1 / alpha, within(1e-6));
        assertThat(MixtureSprt.likelihoodRatio(0.1, v, tau, 0.1 - half)).isCloseTo(1 / alpha, within(1e-6));
    }

    /**
     * The boundary by simulation: with no difference, looking after each of 200 batches, the
     * mSPRT's confidence sequence excludes the truth in at most α of 4000 runs (within 3 standard
     * errors of α), while a fixed-horizon 95% z-interval checked at every look does so far more often
     * (the peeking problem the sequential test exists for).
     */
    @Test
    void staysValidUnderContinuousMonitoringWhereRepeatedTestsDoNot() {
        SplittableRandom random = new SplittableRandom(2017);
        int runs = 4000;
        int looks = 200;
        double alpha = 0.05;
        double sigma = 1;
        int batch = 20;
        double tau = 0.3;
        int sequentialErrors = 0;
        int peekingErrors = 0;
        for (int run = 0; run < runs; run++) {
            double sumA = 0;
            double sumB = 0;
            long n = 0;
            boolean sequential = false;
            boolean peeking = false;
            for (int look = 0; look < looks; look++) {
                for (int i = 0; i < batch; i++) {
                    sumA += sigma * random.nextGaussian();
                    sumB += sigma * random.nextGaussian();
                }
                n += batch;
                double estimate = (sumB - sumA) / n;
                double v = 2 * sigma * sigma / n;
                sequential |= Math.abs(estimate) > MixtureSprt.halfWidth(v, tau, alpha);
                peeking |= Math.abs(estimate) > 1.959963984540054 * Math.sqrt(v);
            }
            sequentialErrors += sequential ? 1 : 0;
            peekingErrors += peeking ? 1 : 0;
        }
        double se = Math.sqrt(alpha * (1 - alpha) / runs);
        assertThat((double) sequentialErrors / runs).isLessThanOrEqualTo(alpha + 3 * se);
        assertThat((double) peekingErrors / runs).isGreaterThan(4 * alpha);
    }

    @Test
    void findsARealDifferenceAndThePValueOnlyFalls() {
        SplittableRandom random = new SplittableRandom(5);
        double p = 1;
        double sumA = 0;
        double sumB = 0;
        int n = 0;
        double previous = 1;
        for (int look = 0; look < 100; look++) {
            for (int i = 0; i < 50; i++) {
                sumA += random.nextGaussian();
                sumB += 0.3 + random.nextGaussian();
            }
            n += 50;
            p = MixtureSprt.alwaysValidPValue(p, (sumB - sumA) / n, 2.0 / n, 0.3, 0);
            assertThat(p).isLessThanOrEqualTo(previous);
            previous = p;
        }
        assertThat(p).isLessThan(1e-6);
    }
}
