package io.driftwatch.comparison;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a comparison remembers between windows, in a changelogged store: the tallies of both
 * versions over every window compared so far, which of those windows can still be revised (so a
 * revised window replaces its earlier figures instead of counting twice; {@link AppliedWindows}),
 * the running always-valid p-values, shadow agreement, the decision once made (a decision is never
 * taken back), and each version's outputs-only profile merged over every compared window (latency
 * sketch and prediction distribution: sketches merge exactly, so their size stays bounded however long
 * the comparison runs).
 */
public record ComparisonState(int windowsCompared, AppliedWindows appliedWindows, Map<String, Tally> control,
                              Map<String, Tally> candidate, Map<String, Double> alwaysValidP, String decision,
                              String decisionReason, ShadowTally shadow, byte[] controlOutputs, byte[] candidateOutputs) {

    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public ComparisonState {
        // Absent from a state written without it, or null in JSON: no window remembered.
        appliedWindows = appliedWindows == null ? AppliedWindows.NONE : appliedWindows;
    }

    public static ComparisonState initial() {
        return new ComparisonState(0, AppliedWindows.NONE, Map.of(), Map.of(), Map.of(), "NONE", null, ShadowTally.EMPTY,
            null, null);
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
     * Windows that started more than {@code revisableMs} before the newest compared one are forgotten:
     * with the label horizon plus a window, as the stage keeps window figures, none of them can be revised
     * any more (stage 2 re-reports a window only until the watermark passes its end plus the horizon).
     * A report of a window that old is not added: it may be one of the forgotten, and must not count twice.
     */
    public ComparisonState withWindow(long windowStart, VersionFigures ctrl, VersionFigures cand,
                                      VersionFigures previousControl, VersionFigures previousCandidate, long revisableMs) {
        long newestEnd = appliedWindows.newestEnd();
        long newestStart = newestEnd == Long.MIN_VALUE ? windowStart
            : Math.max(windowStart, newestEnd - (ctrl.windowEnd() - windowStart));
        long cutoff = newestStart - revisableMs;
        if (windowStart < cutoff) {
            return this;
        }
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
        AppliedWindows applied = (revision ? appliedWindows : appliedWindows.with(windowStart, ctrl.windowEnd()))
            .startingFrom(cutoff);
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
