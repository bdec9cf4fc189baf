package io.driftwatch.alerting;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which a property test hands reports to a rule stage: window numbers (a first report, or a
 * later look at an older window, as late labels cause) and restarts. Generated as a list of actions so that
 * jqwik can shrink it: 0 reports the next window, k &gt; 0 the window k - 1 before the latest one again,
 * -1 restarts. Windows never reported by the actions are reported at the end, so every window is judged.
 */
public record ReportSchedule(int windows, List<Integer> steps) {

    public static final int RESTART = -1;

    public static ReportSchedule of(int windows, List<Integer> actions) {
        List<Integer> steps = new ArrayList<>();
        int next = 0;
        for (int action : actions) {
            if (action == RESTART) {
                steps.add(RESTART);
            } else if (action == 0) {
                if (next < windows) {
                    steps.add(next++);
                }
            } else if (next - action >= 0) {
                steps.add(next - action);
            }
        }
        while (next < windows) {
            steps.add(next++);
        }
        return new ReportSchedule(windows, steps);
    }
}
