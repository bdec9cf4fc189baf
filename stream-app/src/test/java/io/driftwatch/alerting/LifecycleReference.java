package io.driftwatch.alerting;

import io.driftwatch.schemas.AlertStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The documented alert lifecycle ({@code for} breaching windows to fire, {@code resolve_after} clear ones to
 * resolve; a figure that crosses the threshold without passing the significance test does not breach, and
 * while the alert fires it breaks a run of clear windows), written independently of {@link AlertLifecycle}: the
 * oracle that property tests of every rule stage compare against, each series of observations read in
 * window order.
 */
public final class LifecycleReference {

    /** What a window's final report says of one series; NOISE crosses the threshold but is not significant. */
    public enum Kind { CLEAR, BREACH, ABSENT, NOISE }

    /** A transition the lifecycle makes, at the index of the window that caused it. */
    public record Step(int window, AlertStatus status) {
    }

    private LifecycleReference() {
    }

    /** Kinds of two series a window from one generated code a window, 0 to 8: each series CLEAR, BREACH or ABSENT. */
    public static Kind[][] twoSeries(List<Integer> codes) {
        Kind[][] kinds = new Kind[codes.size()][];
        for (int w = 0; w < codes.size(); w++) {
            int code = codes.get(w);
            kinds[w] = new Kind[] {Kind.values()[code % 3], Kind.values()[code / 3]};
        }
        return kinds;
    }

    /** The transitions of the series {@code series} of {@code kinds[window][series]}. */
    public static List<Step> transitions(Kind[][] kinds, int series, int forWindows, int resolveAfter) {
        List<Step> steps = new ArrayList<>();
        boolean firing = false;
        int breaches = 0;
        int clears = 0;
        for (int w = 0; w < kinds.length; w++) {
            Kind kind = kinds[w][series];
            if (kind == Kind.ABSENT) {
                continue;
            }
            if (kind == Kind.NOISE && firing) {
                clears = 0; // the problem still shows: not a breach, but the end of a run of clear windows
                continue;
            }
            if (kind == Kind.BREACH) {
                breaches++;
                clears = 0;
                if (!firing && breaches >= forWindows) {
                    firing = true;
                    steps.add(new Step(w, AlertStatus.FIRING));
                }
            } else {
                clears++;
                breaches = 0;
                if (firing && clears >= resolveAfter) {
                    firing = false;
                    steps.add(new Step(w, AlertStatus.RESOLVED));
                }
            }
        }
        return steps;
    }
}
