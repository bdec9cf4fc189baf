package io.driftwatch.generator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The intercept b that gives a binary model a wanted base rate: the b for which the mean of
 * σ(b + Σ w·signal) over stationary feature draws equals the rate. logit(rate) alone is only right
 * when the features carry no weight; with weighted features the spread of the linear predictor pulls
 * the mean probability towards ½. Solved by bisection (the mean is increasing in b) over
 * {@value #DRAWS} feature vectors from a fixed seed, so a spec always gets the same intercept.
 */
final class BaseRateCalibration {

    static final int DRAWS = 4096;

    private BaseRateCalibration() {
    }

    static double intercept(List<FeatureSpec> features, double baseRate) {
        Marginal.Sampler[] samplers = features.stream().map(f -> f.marginal().sampler()).toArray(Marginal.Sampler[]::new);
        SplittableRandom random = new SplittableRandom(0xba5e_5eedL);
        double[] eta = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            for (int f = 0; f < samplers.length; f++) {
                boolean missing = random.nextDouble() < features.get(f).missingRate();
                Object value = samplers[f].sample(random);
                if (!missing && features.get(f).weight() != 0) {
                    eta[i] += features.get(f).weight() * samplers[f].signal(value);
                }
            }
        }
        double low = -40;
        double high = 40;
        for (int iteration = 0; iteration < 60; iteration++) {
            double mid = (low + high) / 2;
            double mean = 0;
            for (double e : eta) {
                mean += TrafficModel.sigmoid(mid + e);
            }
            if (mean / DRAWS < baseRate) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }
}
