package io.driftwatch.bench.jmh;

import io.driftwatch.profile.NumericAccumulator;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.PredictionEvent;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-event work of the profile stage: a KLL update (k = {@link ProfileSettings#DEFAULT_KLL_K}, the default), a numeric feature's whole
 * accumulator (sketch, moments, distinct values), a 25-feature event into a window profile, and the
 * merge of one partial sketch of 10,000 values into a window's sketch (stage 2).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SketchBenchmark {

    private static final int MASK = (1 << 16) - 1;

    private double[] values;
    private PredictionEvent[] events;
    private KllDoublesSketch sketch;
    private NumericAccumulator accumulator;
    private WindowProfile profile;
    private KllDoublesSketch merged;
    private KllDoublesSketch partial;
    private int i;

    @Setup(Level.Trial)
    public void data() {
        SplittableRandom random = new SplittableRandom(7);
        values = new double[MASK + 1];
        for (int j = 0; j < values.length; j++) {
            values[j] = 100 + 15 * gaussian(random);
        }
        events = Fixtures.events(4096, 3);
        partial = KllDoublesSketch.newHeapInstance(ProfileSettings.DEFAULT_KLL_K);
        for (int j = 0; j < 10_000; j++) {
            partial.update(values[j]);
        }
    }

    /** Fresh accumulators every iteration, so each iteration sees a window's growth from empty. */
    @Setup(Level.Iteration)
    public void fresh() {
        sketch = KllDoublesSketch.newHeapInstance(ProfileSettings.DEFAULT_KLL_K);
        accumulator = new NumericAccumulator(ProfileSettings.DEFAULT_KLL_K);
        profile = new WindowProfile(ProfileSettings.defaults());
        merged = KllDoublesSketch.newHeapInstance(ProfileSettings.DEFAULT_KLL_K);
    }

    @Benchmark
    public long kllUpdate() {
        sketch.update(values[i++ & MASK]);
        return sketch.getN();
    }

    @Benchmark
    public long numericAccumulatorAdd() {
        accumulator.add(values[i++ & MASK]);
        return accumulator.count();
    }

    @Benchmark
    public long windowProfileAdd25Features() {
        profile.add(events[i++ & 4095]);
        return profile.events();
    }

    @Benchmark
    public long kllMerge10kPartial() {
        merged.merge(partial);
        return merged.getN();
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
