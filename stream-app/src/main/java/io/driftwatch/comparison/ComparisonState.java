package io.driftwatch.comparison;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a comparison remembers between windows, in a changelogged store: the tallies of both
 * versions over every window compared so far, which windows those are (so a revised window replaces
 * its earlier figures instead of counting twice), the running always-valid p-values, shadow
 * agreement, the decision once made (a decision is never taken back), and each version's outputs-only
 * profile merged over every compared window (latency sketch and prediction distribution: sketches merge
 * exactly, so their size stays bounded however long the comparison runs).
 */
public record ComparisonState(int windowsCompared, List<Long> appliedWindows, Map<String, Tally> control,
                              Map<String, Tally> candidate, Map<String, Double> alwaysValidP, String decision,
                              String decisionReason, ShadowTally shadow, byte[] controlOutputs, byte[] candidateOutputs) {

    /** Windows remembered for revisions; older revisions are past any label horizon worth waiting for. */
    static final int REMEMBERED_WINDOWS = 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static ComparisonState initial() {
        return new ComparisonState(0, List.of(), Map.of(), Map.of(), Map.of(), "NONE", null, ShadowTally.EMPTY, null, null);
    }

    public boolean decided() {
        return !"NONE".equals(decision);
    }

    public Tally control(JudgedMetric m) {
        return control.getOrDefault(m.id(), Tally.EMPTY);
    }

    public Tally candidate(JudgedMetric m) {
        return candidate.getOrDefault(m.id(), Tally.EMPTY);
    }

    /**
     * The state with one window's figures of both versions added; {@code previousControl} and
     * {@code previousCandidate} are what an earlier report of the same window added (null the first time).
     */
    public ComparisonState withWindow(long windowStart, VersionFigures ctrl, VersionFigures cand,
                                      VersionFigures previousControl, VersionFigures previousCandidate) {
        boolean revision = appliedWindows.contains(windowStart);
        Map<String, Tally> c = new TreeMap<>(control);
        Map<String, Tally> k = new TreeMap<>(candidate);
        for (JudgedMetric m : JudgedMetric.values()) {
            if (!m.sequential()) {
                continue;
            }
            Tally nc = c.getOrDefault(m.id(), Tally.EMPTY).plus(ctrl.tally(m));
            Tally nk = k.getOrDefault(m.id(), Tally.EMPTY).plus(cand.tally(m));
            if (revision && previousControl != null && previousCandidate != null) {
                nc = nc.minus(previousControl.tally(m));
                nk = nk.minus(previousCandidate.tally(m));
            }
            c.put(m.id(), nc);
            k.put(m.id(), nk);
        }
        List<Long> applied = new ArrayList<>(appliedWindows);
        if (!revision) {
            applied.add(windowStart);
            applied.sort(null);
            while (applied.size() > REMEMBERED_WINDOWS) {
                applied.remove(0);
            }
        }
        // Outputs count once per window: a revision changes labels, not the window's events.
        byte[] co = revision ? controlOutputs : VersionOutputs.merged(controlOutputs, ctrl.outputs());
        byte[] ko = revision ? candidateOutputs : VersionOutputs.merged(candidateOutputs, cand.outputs());
        return new ComparisonState(revision ? windowsCompared : windowsCompared + 1, applied, c, k, alwaysValidP,
            decision, decisionReason, shadow, co, ko);
    }

    public ComparisonState withShadow(ShadowTally next) {
        return new ComparisonState(windowsCompared, appliedWindows, control, candidate, alwaysValidP, decision,
            decisionReason, next, controlOutputs, candidateOutputs);
    }

    public ComparisonState judged(Map<String, Double> p, String nextDecision, String reason) {
        return new ComparisonState(windowsCompared, appliedWindows, control, candidate, new HashMap<>(p), nextDecision,
            reason, shadow, controlOutputs, candidateOutputs);
    }

    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ComparisonState fromBytes(byte[] bytes) {
        try {
            return JSON.readValue(bytes, ComparisonState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
