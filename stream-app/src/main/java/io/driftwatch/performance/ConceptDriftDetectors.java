package io.driftwatch.performance;

import java.util.List;

/** Creates concept-drift detectors by id and restores them from their bytes. */
public final class ConceptDriftDetectors {

  /** The ids of the detectors there are: adwin, ddm, page_hinkley. */
  public static final List<String> IDS = List.of(Adwin.ID, Ddm.ID, PageHinkley.ID);

  private ConceptDriftDetectors() {
  }

  /** A new detector with MOA's default parameters. */
  public static ConceptDriftDetector create(String id) {
    return switch (requireKnown(id)) {
      case Adwin.ID -> new Adwin();
      case Ddm.ID -> new Ddm();
      default -> new PageHinkley();
    };
  }

  /**
   * Restores the detector {@code id} from the bytes its {@link ConceptDriftDetector#toBytes()}
   * produced.
   *
   * @throws IllegalArgumentException for an unknown id, or bytes of another detector or corrupt
   */
  public static ConceptDriftDetector restore(String id, byte[] state) {
    return switch (requireKnown(id)) {
      case Adwin.ID -> Adwin.fromBytes(state);
      case Ddm.ID -> Ddm.fromBytes(state);
      default -> PageHinkley.fromBytes(state);
    };
  }

  private static String requireKnown(String id) {
    if (!IDS.contains(id)) {
      throw new IllegalArgumentException("unknown concept-drift detector '" + id + "'; use one of " + IDS);
    }
    return id;
  }
}
