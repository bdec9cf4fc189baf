package io.driftwatch.performance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Group-fairness figures of a protected attribute from its {@link GroupStats}, against a reference
 * group: the configured one for the attribute, else the group with the highest positive-prediction
 * rate (ties to the smallest value).
 *
 * <ul>
 *   <li>demographic parity difference DPD = max_g |PR(g) − PR(ref)|;</li>
 *   <li>disparate impact ratio DIR = min_g PR(g) / PR(ref); below 0.8 fails the four-fifths rule
 *       (undefined when PR(ref) = 0);</li>
 *   <li>equal opportunity difference EOD = max_g |TPR(g) − TPR(ref)| (Hardt, Price &amp; Srebro,
 *       NeurIPS 2016).</li>
 * </ul>
 * PR(g) is the share of g's predictions that are positive (all predictions, labelled or not);
 * TPR(g) = TP/(TP + FN) over g's labelled predictions. Fairlearn's
 * {@code demographic_parity_difference} and {@code demographic_parity_ratio} compare the extreme
 * groups instead (max − min, min / max); with the highest-rate group as reference DPD and DIR equal
 * them over the eligible groups.
 *
 * <p><b>Small groups.</b> A group takes part in DPD and DIR only with at least
 * {@code minGroupCount} predictions, and in EOD only with at least {@code minGroupCount} labelled
 * positives (TP + FN): rates of a handful of events swing by chance and would fire alerts on noise.
 * {@value SegmentAccumulator#OTHER_VALUE} never takes part (it mixes unrelated groups). A configured
 * reference group that is not eligible yields no figures.
 */
public final class FairnessCalculator {

  /** The four-fifths threshold of the disparate impact ratio. */
  public static final double FOUR_FIFTHS = 0.8;

  /**
   * Configuration.
   *
   * @param minGroupCount minimum predictions (for PR) and labelled positives (for TPR) of a group
   * @param referenceGroups reference group by attribute; attributes not listed use the best group
   */
  public record Config(long minGroupCount, Map<String, String> referenceGroups) {
    public Config {
      if (minGroupCount < 1) {
        throw new IllegalArgumentException("minGroupCount " + minGroupCount + " must be at least 1");
      }
      referenceGroups = Map.copyOf(referenceGroups);
    }

    /** At least 30 events per group, best group as reference everywhere. */
    public static Config defaults() {
      return new Config(30, Map.of());
    }
  }

  private final Config config;

  public FairnessCalculator(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Figures for every attribute of {@code segments}, in its order. */
  public List<FairnessReport> evaluate(SegmentAccumulator segments) {
    List<FairnessReport> reports = new ArrayList<>();
    for (String attribute : segments.attributes()) {
      reports.add(evaluate(attribute, segments.groups(attribute)));
    }
    return List.copyOf(reports);
  }

  /** Figures for one attribute from its groups. */
  public FairnessReport evaluate(String attribute, List<GroupStats> groups) {
    List<GroupStats> eligible = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    for (GroupStats group : groups) {
      if (!SegmentAccumulator.OTHER_VALUE.equals(group.value()) && group.count() >= config.minGroupCount()) {
        eligible.add(group);
      } else {
        excluded.add(group.value());
      }
    }
    eligible.sort(Comparator.comparing(GroupStats::value));
    excluded.sort(Comparator.naturalOrder());

    String configured = config.referenceGroups().get(attribute);
    Optional<GroupStats> reference = configured != null
        ? eligible.stream().filter(g -> g.value().equals(configured)).findFirst()
        : eligible.stream().max(Comparator.comparingDouble(GroupStats::positiveRate)
            .thenComparing(GroupStats::value, Comparator.reverseOrder()));
    if (reference.isEmpty()) {
      return new FairnessReport(attribute, configured, configured != null, null, null, null, null,
          eligible.stream().map(GroupStats::value).toList(), excluded);
    }
    GroupStats ref = reference.get();
    List<GroupStats> others = eligible.stream().filter(g -> g != ref).toList();
    List<String> compared = others.stream().map(GroupStats::value).toList();
    if (others.isEmpty()) {
      return new FairnessReport(attribute, ref.value(), configured != null, null, null, null, null,
          compared, excluded);
    }

    double refRate = ref.positiveRate();
    double dpd = 0;
    GroupStats furthest = null;
    GroupStats lowest = null;
    for (GroupStats g : others) {
      double gap = Math.abs(g.positiveRate() - refRate);
      if (gap > dpd) {
        dpd = gap;
        furthest = g;
      }
      if (lowest == null || g.positiveRate() < lowest.positiveRate()) {
        lowest = g;
      }
    }
    Double dir = refRate == 0 ? null : lowest.positiveRate() / refRate;
    GroupStats worst = refRate == 0 ? furthest : lowest;
    return new FairnessReport(attribute, ref.value(), configured != null,
        worst == null ? null : worst.value(), dpd, dir, equalOpportunityDifference(ref, others),
        compared, excluded);
  }

  private Double equalOpportunityDifference(GroupStats ref, List<GroupStats> others) {
    if (ref.labelledPositives() < config.minGroupCount()) {
      return null;
    }
    double refTpr = ref.truePositiveRate();
    Double eod = null;
    for (GroupStats g : others) {
      if (g.labelledPositives() >= config.minGroupCount()) {
        double gap = Math.abs(g.truePositiveRate() - refTpr);
        eod = eod == null ? gap : Math.max(eod, gap);
      }
    }
    return eod;
  }
}
