package io.driftwatch.performance;

import java.util.Objects;

/**
 * What every concept-drift detector keeps besides its statistic: its id, the values fed and the
 * changes signalled since creation. As in MOA, a detector's restart after a change clears its
 * statistic but neither count, so the counts live here, apart from the math that restarts.
 *
 * <p>Every detector's state has the two counts right after its configuration, so this also
 * writes and reads them there; the rest of the layout is the detector's.
 */
abstract class CountingDetector implements ConceptDriftDetector {

  private final String id;
  private long observations;
  private long detections;

  CountingDetector(String id) {
    this.id = Objects.requireNonNull(id, "id");
  }

  /** Counts a value fed; an update calls it once the value is known to be in the domain. */
  final void countObservation() {
    observations++;
  }

  /** Counts a change signalled. */
  final void countDetection() {
    detections++;
  }

  /** No warning zone unless the detector has one (DDM). */
  @Override
  public boolean inWarning() {
    return false;
  }

  @Override
  public final long observations() {
    return observations;
  }

  @Override
  public final long detections() {
    return detections;
  }

  @Override
  public final String id() {
    return id;
  }

  /** Observations then detections, as counts. */
  final StateWriter writeCounts(StateWriter out) {
    return out.writeCount(observations).writeCount(detections);
  }

  /** Reads what {@link #writeCounts} wrote; a change is signalled on a value, so never more changes than values. */
  final void readCounts(StateReader in) {
    long readObservations = in.readCount();
    long readDetections = in.readCount();
    if (readDetections > readObservations) {
      throw in.corrupt(readDetections + " detections but only " + readObservations + " observations");
    }
    observations = readObservations;
    detections = readDetections;
  }
}
