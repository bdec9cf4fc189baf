package io.driftwatch.comparison;

import java.util.Map;
import java.util.TreeMap;

/**
 * Shadow pairs of a comparison so far: how many, how many agreed, the summed absolute score
 * difference, the confusion between the two versions' labels, predictions whose partner never
 * came within the pairing horizon, and, of the pairs that disagreed, how many have been judged by
 * their request's outcome and how often each version was right.
 */
public record ShadowTally(long pairs, long agreed, long scoredPairs, double absScoreDifferenceSum,
                          Map<String, Long> confusion, long unpairedControl, long unpairedCandidate,
                          long disagreementsLabelled, long controlRight, long candidateRight) {

    public static final ShadowTally EMPTY = new ShadowTally(0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0);

    public ShadowTally {
        confusion = confusion == null ? Map.of() : Map.copyOf(confusion);
    }

    /**
     * Whether two predictions of a request agree: their labels are equal, or, without a control label
     * (regression, scores only), their scores are equal. Pairing uses the same rule to decide which pairs
     * wait for an outcome.
     */
    public static boolean agree(String controlLabel, String candidateLabel, double controlScore, double candidateScore) {
        return controlLabel != null ? controlLabel.equals(candidateLabel)
            : !Double.isNaN(controlScore) && !Double.isNaN(candidateScore) && Math.abs(controlScore - candidateScore) < 1e-9;
    }

    /** Adds a pair; labels may be null (regression), scores NaN when absent. */
    public ShadowTally withPair(String controlLabel, String candidateLabel, double controlScore, double candidateScore) {
        boolean agree = agree(controlLabel, candidateLabel, controlScore, candidateScore);
        Map<String, Long> c = new TreeMap<>(confusion);
        if (controlLabel != null || candidateLabel != null) {
            c.merge(controlLabel + " -> " + candidateLabel, 1L, Long::sum);
        }
        boolean scored = !Double.isNaN(controlScore) && !Double.isNaN(candidateScore);
        return new ShadowTally(pairs + 1, agreed + (agree ? 1 : 0), scoredPairs + (scored ? 1 : 0),
            absScoreDifferenceSum + (scored ? Math.abs(controlScore - candidateScore) : 0), c, unpairedControl,
            unpairedCandidate, disagreementsLabelled, controlRight, candidateRight);
    }

    public ShadowTally withUnpaired(boolean control) {
        return new ShadowTally(pairs, agreed, scoredPairs, absScoreDifferenceSum, confusion,
            unpairedControl + (control ? 1 : 0), unpairedCandidate + (control ? 0 : 1), disagreementsLabelled,
            controlRight, candidateRight);
    }

    /** Adds a disagreeing pair judged by its outcome (each request is judged once, by {@link ShadowPairing}). */
    public ShadowTally withJudged(boolean controlWasRight, boolean candidateWasRight) {
        return new ShadowTally(pairs, agreed, scoredPairs, absScoreDifferenceSum, confusion, unpairedControl,
            unpairedCandidate, disagreementsLabelled + 1, controlRight + (controlWasRight ? 1 : 0),
            candidateRight + (candidateWasRight ? 1 : 0));
    }

    public Double agreementRate() {
        return pairs == 0 ? null : (double) agreed / pairs;
    }

    public Double meanAbsoluteScoreDifference() {
        return scoredPairs == 0 ? null : absScoreDifferenceSum / scoredPairs;
    }
}
