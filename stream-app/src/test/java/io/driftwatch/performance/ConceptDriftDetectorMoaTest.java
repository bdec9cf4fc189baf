package io.driftwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;

import com.yahoo.labs.samoa.instances.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import moa.classifiers.bayes.NaiveBayes;
import moa.classifiers.core.driftdetection.ADWIN;
import moa.classifiers.core.driftdetection.ADWINChangeDetector;
import moa.classifiers.core.driftdetection.ChangeDetector;
import moa.classifiers.core.driftdetection.DDM;
import moa.classifiers.core.driftdetection.PageHinkleyDM;
import moa.streams.ConceptDriftStream;
import moa.streams.InstanceStream;
import moa.streams.generators.HyperplaneGenerator;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the same error streams to MOA 2024.07.0's detectors (the reference implementation, test
 * scope only) and to ours, and requires the <b>same detection indices</b>, the same DDM warning
 * indices and bit-identical estimates after every value: no tolerance. Our detectors replicate
 * MOA's floating-point operation order, so any difference is a bug.
 *
 * <p>Streams: 0/1 errors of MOA's own {@code NaiveBayes} (test-then-train, or frozen after a
 * training prefix) on MOA's {@code SEAGenerator} through {@code ConceptDriftStream} with abrupt
 * (width 1) and gradual (width 4000) change, and on a rotating {@code HyperplaneGenerator};
 * synthetic Bernoulli streams with abrupt, gradual, falling and repeated changes; a real-valued
 * absolute-error stream for Page–Hinkley. Streams stay at or below 40,000 values, below the
 * window length (about 131,000) from which MOA's 32-bit ADWIN arithmetic can overflow (see
 * {@link Adwin}).
 *
 * <p>Each of our detectors also runs a second time being serialized with {@code toBytes()} and
 * restored through {@link ConceptDriftDetectors#restore} every 997 values; its detections must
 * not change.
 */
class ConceptDriftDetectorMoaTest {

  private static final Logger LOG = LoggerFactory.getLogger(ConceptDriftDetectorMoaTest.class);
  private static final int RESTORE_EVERY = 997;

  /** What a detector did, value by value. */
  private record Trace(List<Integer> detections, List<Integer> warnings, double[] estimates) {}

  /** An error stream and where its first change starts (-1 for none). */
  private record ErrorStream(double[] errors, int changeAt) {}

  static Stream<Arguments> errorStreams() {
    return Stream.of(
        stream("SEA abrupt f2->f3 at 10000, NaiveBayes online", 10_000,
            () -> learnerErrors(sea(2, 3, 10_000, 1), 30_000, Integer.MAX_VALUE)),
        stream("SEA gradual f4->f3 around 15000 (width 4000), NaiveBayes online", 13_000,
            () -> learnerErrors(sea(4, 3, 15_000, 4_000), 30_000, Integer.MAX_VALUE)),
        stream("SEA abrupt f1->f4 at 8000, NaiveBayes frozen after 3000", 8_000,
            () -> learnerErrors(sea(1, 4, 8_000, 1), 20_000, 3_000)),
        stream("Hyperplane rotating (t=0.001), NaiveBayes frozen after 2000", 2_000,
            () -> learnerErrors(hyperplane(), 20_000, 2_000)),
        stream("Bernoulli abrupt 0.1->0.4 at 5000", 5_000,
            () -> bernoulli(11, 15_000, i -> i < 5_000 ? 0.1 : 0.4)),
        stream("Bernoulli gradual 0.1->0.5 over 10000..20000", 10_000,
            () -> bernoulli(12, 30_000, i -> i < 10_000 ? 0.1 : i < 20_000 ? 0.1 + 0.4 * (i - 10_000) / 10_000.0 : 0.5)),
        stream("Bernoulli up, down, up (0.2, 0.5, 0.05, 0.3 every 6000)", 6_000,
            () -> bernoulli(13, 24_000, i -> new double[] {0.2, 0.5, 0.05, 0.3}[i / 6_000])),
        stream("Bernoulli stationary 0.25 (false alarms must match too)", -1,
            () -> bernoulli(14, 40_000, i -> 0.25)));
  }

  static Stream<Arguments> realValuedStreams() {
    return Stream.of(
        stream("|N(0,1)| then |N(0.6,1)| from 4000", 4_000,
            () -> absGaussian(21, 12_000, i -> i < 4_000 ? 0.0 : 0.6, 1.0)),
        stream("|N(0,1)| drifting up by 1e-4 per value from 3000", 3_000,
            () -> absGaussian(22, 12_000, i -> i < 3_000 ? 0 : (i - 3_000) * 1e-4, 1.0)),
        stream("stationary |N(0,2)|", -1, () -> absGaussian(23, 10_000, i -> 0.0, 2.0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorStreams")
  void adwinMatchesMoasAdwinChangeDetector(ErrorStream stream) {
    ADWINChangeDetector moa = new ADWINChangeDetector();
    moa.prepareForUse();
    Trace expected = runMoa(moa, stream.errors());
    assertDetectsChange(expected, stream);
    assertSame("adwin", expected, stream.errors(), Adwin::new);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorStreams")
  void twoSidedAdwinMatchesMoasRawAdwin(ErrorStream stream) {
    double[] errors = stream.errors();
    ADWIN moa = new ADWIN();
    List<Integer> cuts = new ArrayList<>();
    double[] estimates = new double[errors.length];
    for (int i = 0; i < errors.length; i++) {
      if (moa.setInput(errors[i])) {
        cuts.add(i);
      }
      estimates[i] = moa.getEstimation();
    }
    Trace expected = new Trace(cuts, List.of(), estimates);
    assertSame("adwin two-sided", expected, errors, () -> new Adwin(new Adwin.Config(0.002, 32, true)));
    assertThat(cuts).hasSize(moa.getNumberDetections());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorStreams")
  void ddmMatchesMoasDdm(ErrorStream stream) {
    DDM moa = new DDM();
    moa.prepareForUse();
    Trace expected = runMoa(moa, stream.errors());
    assertDetectsChange(expected, stream);
    assertSame("ddm", expected, stream.errors(), Ddm::new);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"errorStreams", "realValuedStreams"})
  void pageHinkleyMatchesMoasPageHinkleyDm(ErrorStream stream) {
    PageHinkleyDM moa = new PageHinkleyDM();
    moa.prepareForUse();
    Trace expected = runMoa(moa, stream.errors());
    assertSame("page_hinkley", expected, stream.errors(), PageHinkley::new);
  }

  /** Keeps the comparison meaningful: on a stream with a change, MOA itself detects it. */
  private static void assertDetectsChange(Trace moa, ErrorStream stream) {
    if (stream.changeAt() >= 0) {
      assertThat(moa.detections()).as("MOA's detections on a stream changing at %d", stream.changeAt())
          .anyMatch(i -> i >= stream.changeAt());
    }
  }

  private static void assertSame(String id, Trace expected, double[] errors,
                                 Supplier<ConceptDriftDetector> factory) {
    Trace ours = runOurs(factory.get(), errors, Integer.MAX_VALUE);
    LOG.info("{}: MOA detections at {}; ours at {}", id, expected.detections(), ours.detections());
    assertThat(ours.detections()).as("detection indices").isEqualTo(expected.detections());
    assertThat(ours.warnings()).as("warning indices").isEqualTo(expected.warnings());
    for (int i = 0; i < errors.length; i++) {
      if (Double.compare(ours.estimates()[i], expected.estimates()[i]) != 0) {
        throw new AssertionError(id + ": estimate after value " + i + " is " + ours.estimates()[i]
            + ", MOA's " + expected.estimates()[i]);
      }
    }
    Trace restored = runOurs(factory.get(), errors, RESTORE_EVERY);
    assertThat(restored.detections()).as("detections with state restored every %d values", RESTORE_EVERY)
        .isEqualTo(expected.detections());
    assertThat(restored.warnings()).isEqualTo(expected.warnings());
  }

  private static Trace runMoa(ChangeDetector detector, double[] errors) {
    List<Integer> detections = new ArrayList<>();
    List<Integer> warnings = new ArrayList<>();
    double[] estimates = new double[errors.length];
    for (int i = 0; i < errors.length; i++) {
      detector.input(errors[i]);
      if (detector.getChange()) {
        detections.add(i);
      }
      if (detector.getWarningZone()) {
        warnings.add(i);
      }
      estimates[i] = detector.getEstimation();
    }
    return new Trace(detections, warnings, estimates);
  }

  private static Trace runOurs(ConceptDriftDetector detector, double[] errors, int restoreEvery) {
    List<Integer> detections = new ArrayList<>();
    List<Integer> warnings = new ArrayList<>();
    double[] estimates = new double[errors.length];
    ConceptDriftDetector current = detector;
    for (int i = 0; i < errors.length; i++) {
      if (i > 0 && i % restoreEvery == 0) {
        current = ConceptDriftDetectors.restore(current.id(), current.toBytes());
      }
      if (current.update(errors[i])) {
        detections.add(i);
      }
      if (current.inWarning()) {
        warnings.add(i);
      }
      estimates[i] = current.estimate();
    }
    assertThat(current.observations()).isEqualTo(errors.length);
    assertThat(current.detections()).isEqualTo(detections.size());
    return new Trace(detections, warnings, estimates);
  }

  // ---- streams ----

  private static Arguments stream(String name, int changeAt, Supplier<double[]> errors) {
    return Arguments.of(Named.of(name, new ErrorStream(errors.get(), changeAt)));
  }

  /** SEA concept {@code from} until the change, then {@code to}; MOA's sigmoid mix of the two. */
  private static InstanceStream sea(int from, int to, int position, int width) {
    ConceptDriftStream stream = new ConceptDriftStream();
    stream.getOptions().setViaCLIString("-s (generators.SEAGenerator -f " + from + " -i " + (from * 10 + to) + ")"
        + " -d (generators.SEAGenerator -f " + to + " -i " + (to * 10 + from) + ") -p " + position
        + " -w " + width + " -r " + position);
    stream.prepareForUse();
    return stream;
  }

  private static InstanceStream hyperplane() {
    HyperplaneGenerator generator = new HyperplaneGenerator();
    generator.getOptions().setViaCLIString("-i 9 -k 5 -t 0.001");
    generator.prepareForUse();
    return generator;
  }

  /** 1 for each misclassification of MOA's NaiveBayes, test-then-train for the first {@code trainFor}. */
  private static double[] learnerErrors(InstanceStream stream, int n, int trainFor) {
    NaiveBayes learner = new NaiveBayes();
    learner.setModelContext(stream.getHeader());
    learner.prepareForUse();
    double[] errors = new double[n];
    for (int i = 0; i < n; i++) {
      Instance instance = stream.nextInstance().getData();
      errors[i] = learner.correctlyClassifies(instance) ? 0.0 : 1.0;
      if (i < trainFor) {
        learner.trainOnInstance(instance);
      }
    }
    return errors;
  }

  private static double[] bernoulli(long seed, int n, IntToDoubleFunction p) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] errors = new double[n];
    for (int i = 0; i < n; i++) {
      errors[i] = random.nextDouble() < p.applyAsDouble(i) ? 1.0 : 0.0;
    }
    return errors;
  }

  private static double[] absGaussian(long seed, int n, IntToDoubleFunction mean, double sigma) {
    Random random = new Random(seed);
    double[] errors = new double[n];
    for (int i = 0; i < n; i++) {
      errors[i] = Math.abs(mean.applyAsDouble(i) + sigma * random.nextGaussian());
    }
    return errors;
  }
}
