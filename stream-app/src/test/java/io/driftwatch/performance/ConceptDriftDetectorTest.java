package io.driftwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract of the detectors beyond the MOA comparison: inputs, restarts, state, the factory. */
class ConceptDriftDetectorTest {

  @ParameterizedTest
  @ValueSource(strings = {"adwin", "ddm", "page_hinkley"})
  void freshDetectorsHaveNoEstimateAndRoundTrip(String id) {
    ConceptDriftDetector detector = ConceptDriftDetectors.create(id);
    assertThat(detector.id()).isEqualTo(id);
    assertThat(detector.estimate()).isNaN();
    assertThat(detector.observations()).isZero();
    ConceptDriftDetector restored = ConceptDriftDetectors.restore(id, detector.toBytes());
    assertThat(restored.toBytes()).isEqualTo(detector.toBytes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"adwin", "ddm", "page_hinkley"})
  void stateRoundTripsBitForBitMidStream(String id) {
    ConceptDriftDetector detector = ConceptDriftDetectors.create(id);
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 7_777; i++) {
      detector.update(random.nextDouble() < (i < 4_000 ? 0.1 : 0.5) ? 1 : 0);
    }
    byte[] bytes = detector.toBytes();
    ConceptDriftDetector restored = ConceptDriftDetectors.restore(id, bytes);
    assertThat(restored.toBytes()).isEqualTo(bytes);
    assertThat(restored.observations()).isEqualTo(7_777);
    assertThat(restored.detections()).isEqualTo(detector.detections()).isPositive();
    assertThat(restored.estimate()).isEqualTo(detector.estimate());
  }

  @Test
  void factoryRejectsUnknownIdsAndForeignBytes() {
    assertThatThrownBy(() -> ConceptDriftDetectors.create("eddm"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use one of [adwin, ddm, page_hinkley]");
    byte[] ddmBytes = new Ddm().toBytes();
    assertThatThrownBy(() -> ConceptDriftDetectors.restore("adwin", ddmBytes))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belong to another type");
  }

  @Test
  void ddmAcceptsOnlyZeroOrOne() {
    Ddm ddm = new Ddm();
    assertThatThrownBy(() -> ddm.update(0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 0 or 1");
    assertThat(ddm.observations()).isZero();
  }

  @Test
  void nonFiniteInputsAreRejected() {
    assertThatThrownBy(() -> new Adwin().update(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PageHinkley().update(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** DDM: no signal before 30 values; a burst of errors after a clean run drifts, then restarts. */
  @Test
  void ddmWarnsThenDetectsThenRestarts() {
    Ddm ddm = new Ddm();
    for (int i = 0; i < 200; i++) {
      assertThat(ddm.update(i % 10 == 0 ? 1 : 0)).isFalse();
    }
    boolean warned = false;
    int detectedAt = -1;
    for (int i = 0; i < 200 && detectedAt < 0; i++) {
      warned |= ddm.inWarning();
      if (ddm.update(1)) {
        detectedAt = i;
      }
    }
    assertThat(detectedAt).isBetween(1, 60);
    assertThat(warned).isTrue();
    assertThat(ddm.detections()).isEqualTo(1);
    ddm.update(0);
    assertThat(ddm.estimate()).as("statistics restart after a drift").isEqualTo(0.0);
  }

  /** Page–Hinkley ignores decreases and signals a sustained increase of λ/(shift) values later. */
  @Test
  void pageHinkleySignalsIncreasesOnly() {
    PageHinkley down = new PageHinkley();
    for (int i = 0; i < 5_000; i++) {
      assertThat(down.update(i < 1_000 ? 5.0 : 0.0)).isFalse();
    }
    PageHinkley up = new PageHinkley();
    int detectedAt = -1;
    for (int i = 0; i < 5_000 && detectedAt < 0; i++) {
      if (up.update(i < 1_000 ? 0.0 : 1.0)) {
        detectedAt = i;
      }
    }
    // The zeros leave m ≈ −0.005·(1 − α^1000)/(1 − α) ≈ −4.8; after the step the running mean
    // creeps up slowly, so each value adds about 1 − δ and λ = 50 is passed some 55 values later.
    assertThat(detectedAt).isBetween(1_040, 1_070);
    assertThat(up.statistic()).isGreaterThan(50);
  }

  /** ADWIN's memory stays logarithmic: the state of a 100,000-value window is a few kilobytes. */
  @Test
  void adwinStateStaysSmall() {
    Adwin adwin = new Adwin();
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 100_000; i++) {
      adwin.update(random.nextDouble() < 0.2 ? 1 : 0);
    }
    assertThat(adwin.windowLength()).isGreaterThan(50_000);
    assertThat(adwin.toBytes().length).isLessThan(2_000);
    assertThat(adwin.estimate()).isBetween(0.18, 0.22);
  }

  @Test
  void configurationIsValidated() {
    assertThatThrownBy(() -> new Adwin.Config(0, 32, false)).hasMessageContaining("delta");
    assertThatThrownBy(() -> new Ddm.Config(30, 3, 2)).hasMessageContaining("warningLevel < driftLevel");
    assertThatThrownBy(() -> new PageHinkley.Config(30, 0.005, 50, 1.5)).hasMessageContaining("alpha");
  }
}
