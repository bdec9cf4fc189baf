package io.driftwatch.bench.jmh;

import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.stats.CategoricalSummary;
import io.driftwatch.stats.CdfDistances;
import io.driftwatch.stats.ChiSquareHomogeneity;
import io.driftwatch.stats.DriftSettings;
import io.driftwatch.stats.FeatureDriftEvaluator;
import io.driftwatch.stats.FeatureDriftResult;
import io.driftwatch.stats.HellingerDistance;
import io.driftwatch.stats.JensenShannonDistance;
import io.driftwatch.stats.KolmogorovSmirnovPValue;
import io.driftwatch.stats.KullbackLeiblerDivergence;
import io.driftwatch.stats.NumericSummary;
import io.driftwatch.stats.PopulationStabilityIndex;
import io.driftwatch.stats.QuantileBinning;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The comparison a closing window makes per feature. {@link FeatureDriftEvaluator} computes every
 * statistic that applies in one call whatever test judges the feature, so it is measured whole
 * (numeric: a 100,000-value reference sketch against a 10,000-value window; categorical: 30 categories)
 * and each statistic's own step beside it. The window sketch gets one new value before each numeric
 * evaluation, so its sorted view is rebuilt each time as for a window seen once; the reference's view
 * stays cached as the application's baseline cache keeps it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DriftStatisticsBenchmark {

    private final FeatureDriftEvaluator evaluator = new FeatureDriftEvaluator();
    private final DriftSettings settings = DriftSettings.defaults();
    private NumericSummary reference;
    private NumericSummary window;
    private CategoricalSummary referenceCategories;
    private CategoricalSummary windowCategories;
    private long[] referenceCounts;
    private long[] windowCounts;
    private double[] p;
    private double[] q;
    private double[] splitPoints;
    private double ks;

    @Setup(Level.Trial)
    public void data() {
        SplittableRandom random = new SplittableRandom(11);
        double[] ref = new double[100_000];
        for (int j = 0; j < ref.length; j++) {
            ref[j] = gaussian(random);
        }
        double[] win = new double[10_000];
        for (int j = 0; j < win.length; j++) {
            win[j] = 0.1 + gaussian(random);
        }
        reference = NumericSummary.of(ref, ProfileSettings.DEFAULT_KLL_K);
        window = NumericSummary.of(win, ProfileSettings.DEFAULT_KLL_K);
        reference.sketch().getSortedView();
        Map<String, Long> r = new HashMap<>();
        Map<String, Long> w = new HashMap<>();
        referenceCounts = new long[30];
        windowCounts = new long[30];
        for (int c = 0; c < 30; c++) {
            referenceCounts[c] = Math.round(100_000 / Math.pow(c + 1, 1.1) / 4);
            windowCounts[c] = Math.round(10_000 / Math.pow(c + 1, 1.05) / 4);
            r.put(String.format("v%02d", c), referenceCounts[c]);
            w.put(String.format("v%02d", c), windowCounts[c]);
        }
        referenceCategories = new CategoricalSummary(r, 0);
        windowCategories = new CategoricalSummary(w, 0);
        splitPoints = QuantileBinning.splitPoints(reference.sketch(), DriftSettings.DEFAULT_PSI_BINS);
        p = QuantileBinning.proportions(reference.sketch(), splitPoints);
        q = QuantileBinning.proportions(window.sketch(), splitPoints);
        ks = CdfDistances.between(reference.sketch(), window.sketch()).kolmogorovSmirnov();
    }

    @Benchmark
    public FeatureDriftResult evaluatorNumeric() {
        window.sketch().update(0.5);
        return evaluator.numeric("x", reference, window, settings);
    }

    @Benchmark
    public FeatureDriftResult evaluatorCategorical() {
        return evaluator.categorical("c", referenceCategories, windowCategories, settings);
    }

    /** KS distance and Wasserstein distance, one pass over both sketches' CDFs. */
    @Benchmark
    public CdfDistances ksAndWassersteinFromSketches() {
        window.sketch().update(0.5);
        return CdfDistances.between(reference.sketch(), window.sketch());
    }

    @Benchmark
    public double ksPValue() {
        return KolmogorovSmirnovPValue.pValue(ks, 100_000, 10_000);
    }

    /** Reference-quantile bins and the window's proportions in them: the input of PSI, JS, Hellinger and KL. */
    @Benchmark
    public double[] quantileBinning() {
        window.sketch().update(0.5);
        return QuantileBinning.proportions(window.sketch(), QuantileBinning.splitPoints(reference.sketch(),
            DriftSettings.DEFAULT_PSI_BINS));
    }

    @Benchmark
    public double psi() {
        return new PopulationStabilityIndex().value(p, q);
    }

    @Benchmark
    public double jensenShannon() {
        return new JensenShannonDistance().value(p, q);
    }

    @Benchmark
    public double hellinger() {
        return new HellingerDistance().value(p, q);
    }

    @Benchmark
    public double kullbackLeibler() {
        return new KullbackLeiblerDivergence().value(p, q);
    }

    @Benchmark
    public Object chiSquare30Categories() {
        return ChiSquareHomogeneity.test(referenceCounts, windowCounts);
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
