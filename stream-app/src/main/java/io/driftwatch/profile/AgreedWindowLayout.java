package io.driftwatch.profile;

import java.util.List;

/**
 * The {@link WindowLayout} the instances of an application agreed on, as this instance last read it: it may gain a
 * change while the instance runs, when another instance, restarted with another {@code window.size}, appends one.
 * A change point lies a window or more past the wall clock of the change, so a running task that adopts the change
 * within that time cuts the same windows as the instance that made it, and no window it already cut moves.
 */
public final class AgreedWindowLayout {

    private volatile WindowLayout layout;

    private AgreedWindowLayout(WindowLayout layout) {
        this.layout = layout;
    }

    /** Starting from {@code layout}. */
    public static AgreedWindowLayout of(WindowLayout layout) {
        return new AgreedWindowLayout(layout);
    }

    public WindowLayout current() {
        return layout;
    }

    /**
     * Takes {@code next} if it is the current layout with one more change; anything else (a competing change that
     * lost, an older layout) is ignored. Whether it was taken.
     */
    public synchronized boolean adopt(WindowLayout next) {
        if (!extendsByOne(next, layout)) {
            return false;
        }
        layout = next;
        return true;
    }

    /** Whether {@code next} is {@code agreed} with one more change. */
    private static boolean extendsByOne(WindowLayout next, WindowLayout agreed) {
        List<WindowLayout.Span> spans = next.spans();
        return spans.size() == agreed.spans().size() + 1 && spans.subList(0, agreed.spans().size()).equals(agreed.spans());
    }
}
