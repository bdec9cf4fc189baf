package io.driftwatch.performance;

/**
 * A sequential change detector fed with a model's per-prediction errors: 0/1 misclassification
 * indicators for classifiers, absolute errors for regression models (see each implementation
 * for the values it accepts). Implementations follow MOA's detectors step for step and are
 * checked against them.
 *
 * <p>Instances are mutable and not thread-safe; {@link #toBytes()} captures the full state, and
 * {@link ConceptDriftDetectors#restore(String, byte[])} brings it back so a restored detector
 * signals exactly where the original would have.
 */
public interface ConceptDriftDetector {

  /**
   * Feeds the next error value.
   *
   * @return true when this value completes the evidence for a change
   * @throws IllegalArgumentException when the value is outside the detector's domain
   */
  boolean update(double value);

  /** True while the detector is in its warning zone (DDM only; always false for the others). */
  boolean inWarning();

  /** The detector's current estimate of the mean error; NaN before any value. */
  double estimate();

  /** Values fed since creation (resets after a change do not clear it). */
  long observations();

  /** Changes signalled since creation. */
  long detections();

  /** Full state, kind byte and format version first. */
  byte[] toBytes();

  /** {@code "adwin"}, {@code "ddm"} or {@code "page_hinkley"}, as in {@code ConceptDriftResult.detector}. */
  String id();
}
