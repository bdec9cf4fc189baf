package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.AlertStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order guarantees of docs/alerting.md, checked on the transitions a rule stage made, whichever stage
 * it is: per fingerprint (one series), transitions alternate starting with FIRING, move forward in window
 * time and never FIRING twice for one window.
 */
public final class AlertOrder {

    /**
     * A transition at the index of the window of the alert.
     *
     * @param latestBefore the series' latest judged window before the report that made this transition
     */
    public record Transition(String series, int window, AlertStatus status, int latestBefore) {
    }

    private AlertOrder() {
    }

    /** What {@link LifecycleReference} makes of each series of {@code kinds}, named as in {@code series}. */
    public static List<Transition> reference(List<String> series, LifecycleReference.Kind[][] kinds, int forWindows,
                                             int resolveAfter) {
        List<Transition> expected = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            for (LifecycleReference.Step step : LifecycleReference.transitions(kinds, s, forWindows, resolveAfter)) {
                expected.add(new Transition(series.get(s), step.window(), step.status(), 0));
            }
        }
        return expected;
    }

    /** The transitions of each of {@code series}, without {@code latestBefore}, to compare with a reference. */
    public static Map<String, List<Transition>> bySeries(List<String> series, List<Transition> transitions) {
        Map<String, List<Transition>> by = new HashMap<>();
        series.forEach(s -> by.put(s, new ArrayList<>()));
        for (Transition t : transitions) {
            by.get(t.series()).add(new Transition(t.series(), t.window(), t.status(), 0));
        }
        return by;
    }

    public static void assertOrdered(List<String> series, List<Transition> transitions) {
        for (List<Transition> own : bySeries(series, transitions).values()) {
            for (int i = 0; i < own.size(); i++) {
                Transition t = own.get(i);
                assertThat(t.status()).as("alternating, FIRING first: %s", own)
                    .isEqualTo(i % 2 == 0 ? AlertStatus.FIRING : AlertStatus.RESOLVED);
                if (i > 0) {
                    assertThat(t.window()).as("forward in window time: %s", own)
                        .isGreaterThanOrEqualTo(own.get(i - 1).window());
                }
                if (i > 1) {
                    assertThat(t.window()).as("one FIRING per window: %s", own).isGreaterThan(own.get(i - 2).window());
                }
            }
        }
    }
}
