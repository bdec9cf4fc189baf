package io.driftwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every serializable state rejects damaged bytes with an {@link IllegalArgumentException} that says
 * what is wrong, and never with another exception (index errors, huge allocations): these bytes come
 * from state stores and changelog topics, and a bad record must be reported, not crash the app.
 */
class StateSerializationTest {

  /** A state's bytes and how to restore them (restoring must return something re-serializable). */
  private record State(byte[] bytes, Function<byte[], Object> restore, Function<Object, byte[]> reserialize) {}

  static Stream<Arguments> states() {
    ClassificationAccumulator classification = new ClassificationAccumulator(ClassificationAccumulator.Config.defaults());
    classification.add("1", "1", 0.9, null).add("0", "1", 0.2, null).add("a", "b", null, Map.of("a", 0.7, "b", 0.3));
    RegressionAccumulator regression = new RegressionAccumulator().add(1, 2).add(3, 0);
    ConfidenceBasedEstimator cbpe = new ConfidenceBasedEstimator().add(0.8, null).add(0.3, true);
    BaselineQualityTracker baseline = new BaselineQualityTracker(2, 1);
    baseline.offer(0, 5, Map.of("accuracy", 0.9));
    SegmentAccumulator segments = new SegmentAccumulator(List.of("region", "group"), 3);
    segments.addPrediction(Map.of("region", "eu", "group", "x"), true).addOutcome(Map.of("region", "eu"), true, false);
    Adwin adwin = new Adwin();
    Ddm ddm = new Ddm();
    PageHinkley pageHinkley = new PageHinkley();
    Random random = new Random(1);
    for (int i = 0; i < 300; i++) {
      double error = random.nextDouble() < 0.3 ? 1 : 0;
      adwin.update(error);
      ddm.update(error);
      pageHinkley.update(error);
    }
    return Stream.of(
        state("ClassificationAccumulator", classification.toBytes(), ClassificationAccumulator::fromBytes,
            o -> ((ClassificationAccumulator) o).toBytes()),
        state("RegressionAccumulator", regression.toBytes(), RegressionAccumulator::fromBytes,
            o -> ((RegressionAccumulator) o).toBytes()),
        state("ConfidenceBasedEstimator", cbpe.toBytes(), ConfidenceBasedEstimator::fromBytes,
            o -> ((ConfidenceBasedEstimator) o).toBytes()),
        state("BaselineQualityTracker", baseline.toBytes(), BaselineQualityTracker::fromBytes,
            o -> ((BaselineQualityTracker) o).toBytes()),
        state("SegmentAccumulator", segments.toBytes(), SegmentAccumulator::fromBytes,
            o -> ((SegmentAccumulator) o).toBytes()),
        state("Adwin", adwin.toBytes(), Adwin::fromBytes, o -> ((ConceptDriftDetector) o).toBytes()),
        state("Ddm", ddm.toBytes(), Ddm::fromBytes, o -> ((ConceptDriftDetector) o).toBytes()),
        state("PageHinkley", pageHinkley.toBytes(), PageHinkley::fromBytes, o -> ((ConceptDriftDetector) o).toBytes()));
  }

  private static Arguments state(String name, byte[] bytes, Function<byte[], Object> restore,
                                 Function<Object, byte[]> reserialize) {
    return Arguments.of(Named.of(name, new State(bytes, restore, reserialize)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("states")
  void roundTripsExactly(State state) {
    assertThat(state.reserialize().apply(state.restore().apply(state.bytes()))).isEqualTo(state.bytes());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("states")
  void everyTruncationIsRejected(State state) {
    for (int length = 0; length < state.bytes().length; length++) {
      byte[] prefix = Arrays.copyOf(state.bytes(), length);
      assertThatThrownBy(() -> state.restore().apply(prefix)).as("prefix of %d bytes", length)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state");
    }
    assertThatThrownBy(() -> state.restore().apply(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("states")
  void trailingBytesWrongKindAndUnknownVersionsAreRejected(State state) {
    byte[] longer = Arrays.copyOf(state.bytes(), state.bytes().length + 1);
    assertThatThrownBy(() -> state.restore().apply(longer)).hasMessageContaining("trailing");

    byte[] otherKind = state.bytes().clone();
    otherKind[0] = 'Z';
    assertThatThrownBy(() -> state.restore().apply(otherKind)).hasMessageContaining("another type");

    byte[] future = state.bytes().clone();
    future[1] = 2;
    assertThatThrownBy(() -> state.restore().apply(future)).hasMessageContaining("unsupported")
        .hasMessageContaining("version 2");
  }

  /** Random damage is either caught, or yields a state that still works; nothing else. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("states")
  void randomDamageNeverEscapesAsAnotherException(State state) {
    Random random = new Random(state.bytes().length);
    int rejected = 0;
    for (int trial = 0; trial < 2_000; trial++) {
      byte[] damaged = state.bytes().clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        int at = 2 + random.nextInt(damaged.length - 2);
        damaged[at] ^= (byte) (1 << random.nextInt(8));
      }
      Throwable thrown = catchThrowable(() -> exercise(state.restore().apply(damaged)));
      if (thrown != null) {
        assertThat(thrown).as("trial %d", trial).isInstanceOf(IllegalArgumentException.class);
        rejected++;
      }
    }
    assertThat(rejected).isPositive();
  }

  /** Uses a restored state the way the app would: read figures, feed values, serialize again. */
  private static void exercise(Object restored) {
    if (restored instanceof ConceptDriftDetector detector) {
      for (int i = 0; i < 100; i++) {
        detector.update(i % 3 == 0 ? 1 : 0);
      }
      detector.toBytes();
    } else if (restored instanceof ClassificationAccumulator acc) {
      acc.metrics();
      acc.add("1", "0", 0.7, null).toBytes();
    } else if (restored instanceof RegressionAccumulator acc) {
      acc.metrics();
      acc.add(1, 2).toBytes();
    } else if (restored instanceof ConfidenceBasedEstimator estimator) {
      estimator.estimate();
      estimator.add(0.4, null).toBytes();
    } else if (restored instanceof BaselineQualityTracker tracker) {
      tracker.offer(10, 10, Map.of("accuracy", 0.5));
      tracker.toBytes();
    } else if (restored instanceof SegmentAccumulator segments) {
      segments.attributes().forEach(segments::groups);
      segments.addPrediction(Map.of("region", "us"), false).toBytes();
    } else {
      throw new AssertionError("unexpected state " + restored);
    }
  }
}
