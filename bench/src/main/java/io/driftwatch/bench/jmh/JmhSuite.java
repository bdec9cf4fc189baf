package io.driftwatch.bench.jmh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the micro-benchmarks of this package with JMH. The short default (1 fork, 2 warm-up and 3
 * measured iterations of 1 s) keeps a run of every benchmark to a few minutes on two cores; the long
 * run (3 forks, 5 warm-up and 10 measured iterations of 2 s) gives tighter error bars.
 */
public final class JmhSuite {

    /** How long JMH runs. */
    public record Length(int forks, int warmups, int warmupSeconds, int iterations, int iterationSeconds) {
        public static Length shortRun() {
            return new Length(1, 2, 1, 3, 1);
        }

        public static Length longRun() {
            return new Length(3, 5, 2, 10, 2);
        }

        @Override
        public String toString() {
            return forks + " fork(s), " + warmups + " warm-up x " + warmupSeconds + " s, " + iterations + " x "
                + iterationSeconds + " s";
        }
    }

    /** One benchmark's score: mean time per operation and its 99.9% confidence half-width, in ns. */
    public record Score(String benchmark, double nanos, double error) {
    }

    private JmhSuite() {
    }

    public static List<Score> run(Length length, String include) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
            .include(include == null ? JmhSuite.class.getPackageName() + ".*Benchmark" : include)
            .forks(length.forks())
            .warmupIterations(length.warmups())
            .warmupTime(TimeValue.seconds(length.warmupSeconds()))
            .measurementIterations(length.iterations())
            .measurementTime(TimeValue.seconds(length.iterationSeconds()))
            .jvmArgs("-Xmx1g", "-XX:+UseG1GC")
            .shouldFailOnError(true);
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Score> scores = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            scores.add(new Score(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()));
        }
        return scores;
    }
}
