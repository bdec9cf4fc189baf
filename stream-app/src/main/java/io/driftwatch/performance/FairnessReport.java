package io.driftwatch.performance;

import java.util.List;

/**
 * Group-fairness figures of one protected attribute, from {@link FairnessCalculator}. PR(g) is
 * the positive-prediction rate of group g, TPR(g) its true-positive rate; "groups" are the
 * eligible groups other than the reference.
 *
 * @param attribute the protected attribute
 * @param referenceGroup the group the others are compared with: the configured one, else the
 *     eligible group with the highest PR; null when no group is eligible
 * @param referenceConfigured whether {@code referenceGroup} came from configuration
 * @param worstGroup the group with the lowest PR(g)/PR(ref), i.e. the lowest PR; when PR(ref) = 0,
 *     the group furthest from it; null when there is nothing to compare or no gap
 * @param demographicParityDifference max |PR(g) − PR(ref)|; null without a comparison
 * @param disparateImpactRatio min PR(g)/PR(ref); null without a comparison or when PR(ref) = 0
 * @param equalOpportunityDifference max |TPR(g) − TPR(ref)| over groups with enough labelled
 *     positives; null when the reference or every other group lacks them
 * @param comparedGroups eligible groups other than the reference, sorted
 * @param excludedGroups groups left out: below the minimum count, or
 *     {@value SegmentAccumulator#OTHER_VALUE}
 */
public record FairnessReport(
    String attribute,
    String referenceGroup,
    boolean referenceConfigured,
    String worstGroup,
    Double demographicParityDifference,
    Double disparateImpactRatio,
    Double equalOpportunityDifference,
    List<String> comparedGroups,
    List<String> excludedGroups) {

  public FairnessReport {
    comparedGroups = List.copyOf(comparedGroups);
    excludedGroups = List.copyOf(excludedGroups);
  }

  /**
   * The four-fifths rule of the US Uniform Guidelines on Employee Selection Procedures (29 CFR
   * 1607.4(D)): passes when the disparate impact ratio is at least 0.8; null when the ratio is.
   */
  public Boolean passesFourFifthsRule() {
    return disparateImpactRatio == null ? null : disparateImpactRatio >= FairnessCalculator.FOUR_FIFTHS;
  }
}
