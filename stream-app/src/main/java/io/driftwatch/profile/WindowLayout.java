package io.driftwatch.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which tumbling window an event time falls in, over the whole history of {@code window.size}.
 *
 * <p>With one size, a window starts at every multiple of it since the epoch. A change of {@code window.size}
 * between runs does not re-cut the windows already open: the layout gains a span from a change point on, and
 * windows of the new size start at the change point and at every multiple of the new size after it. The change
 * point is the end of a window of the older size, so the windows of all spans tile the time line: every event
 * time falls in exactly one window, windows never overlap, and a window's end is the next one's start. A window
 * is named by its start alone (as {@link WindowKey} does), since two windows never share one.
 *
 * <p>The change point lies after the windows open at the change (see {@link #changedTo}), so a window the older
 * run opened keeps the bounds it was opened with, in every task and on every instance, as long as all of them
 * run the same layout ({@code WindowLayoutLog} makes them agree).
 *
 * @param spans the spans in order of their start; the first starts at {@link Long#MIN_VALUE} with windows
 *              aligned to the epoch
 */
public record WindowLayout(List<Span> spans) {

    /**
     * Windows of {@code sizeMs} from {@code fromMs} on, until the next span's start; the first window starts at
     * {@code originMs} plus a multiple of the size.
     */
    public record Span(long fromMs, long originMs, long sizeMs) {
        public Span {
            if (sizeMs < 1) {
                throw new IllegalArgumentException("a window size must be positive, was " + sizeMs + " ms");
            }
        }

        long startOf(long eventTime) {
            return originMs + Math.floorDiv(eventTime - originMs, sizeMs) * sizeMs;
        }
    }

    public WindowLayout {
        spans = List.copyOf(spans);
        if (spans.isEmpty() || spans.get(0).fromMs() != Long.MIN_VALUE || spans.get(0).originMs() != 0) {
            throw new IllegalArgumentException("a layout starts with epoch-aligned windows from the beginning of time: " + spans);
        }
        for (int i = 1; i < spans.size(); i++) {
            Span before = spans.get(i - 1);
            Span s = spans.get(i);
            if (s.fromMs() != s.originMs() || s.fromMs() <= before.fromMs() || before.startOf(s.fromMs()) != s.fromMs()) {
                throw new IllegalArgumentException("span " + s + " does not start where a window of " + before + " ends");
            }
        }
    }

    /** One size for all time: windows at every multiple of it since the epoch. */
    public static WindowLayout of(Duration size) {
        return new WindowLayout(List.of(new Span(Long.MIN_VALUE, 0, size.toMillis())));
    }

    /** The size of the windows from the last change on: {@code window.size} as last set. */
    public long currentSizeMs() {
        return last().sizeMs();
    }

    /**
     * The change point of the last change: where windows of {@link #currentSizeMs()} begin ({@link Long#MIN_VALUE}
     * for a layout never changed).
     */
    public long lastChangeMs() {
        return last().fromMs();
    }

    /** The start of the window holding {@code eventTime}. */
    public long startOf(long eventTime) {
        return spanOf(eventTime).startOf(eventTime);
    }

    /** The end (exclusive) of the window starting at {@code windowStart}: the next window's start. */
    public long endOf(long windowStart) {
        // A change point is a window end of the span before it, so no window of that span crosses it.
        return windowStart + spanOf(windowStart).sizeMs();
    }

    /** The start of the window before the one starting at {@code windowStart}. */
    public long startBefore(long windowStart) {
        return startOf(windowStart - 1);
    }

    /**
     * This layout with windows of {@code sizeMs} from a change decided at wall-clock time {@code nowMs}, or this
     * layout if its windows already have that size. The change point is the end of the window after the one
     * holding {@code nowMs}: the window open at the change, and one more for events from producers a little ahead
     * of the clock, keep their bounds. A change before the last one took effect counts from the last one's change
     * point: its windows too may already be open.
     */
    public WindowLayout changedTo(long sizeMs, long nowMs) {
        if (sizeMs == currentSizeMs()) {
            return this;
        }
        long change = endOf(endOf(startOf(Math.max(nowMs, lastChangeMs()))));
        List<Span> changed = new ArrayList<>(spans);
        changed.add(new Span(change, change, sizeMs));
        return new WindowLayout(changed);
    }

    /** The layout as text, one {@code from:size} pair per change after the first span: {@link #parse} reads it. */
    public String encode() {
        StringBuilder text = new StringBuilder("windows/1 ").append(spans.get(0).sizeMs());
        for (Span s : spans.subList(1, spans.size())) {
            text.append(' ').append(s.fromMs()).append(':').append(s.sizeMs());
        }
        return text.toString();
    }

    /** Reads what {@link #encode} wrote; an {@link IllegalArgumentException} for anything else. */
    public static WindowLayout parse(String text) {
        String[] parts = text.trim().split(" ");
        if (parts.length < 2 || !parts[0].equals("windows/1")) {
            throw new IllegalArgumentException("not a window layout: " + text);
        }
        try {
            List<Span> spans = new ArrayList<>();
            spans.add(new Span(Long.MIN_VALUE, 0, Long.parseLong(parts[1])));
            for (int i = 2; i < parts.length; i++) {
                int colon = parts[i].indexOf(':');
                long from = Long.parseLong(parts[i].substring(0, colon));
                spans.add(new Span(from, from, Long.parseLong(parts[i].substring(colon + 1))));
            }
            return new WindowLayout(spans);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a window layout: " + text + " (" + e.getMessage() + ")", e);
        }
    }

    private Span last() {
        return spans.get(spans.size() - 1);
    }

    /** From the last span back: live events fall in the last, so they cost one comparison. */
    private Span spanOf(long eventTime) {
        int i = spans.size() - 1;
        while (spans.get(i).fromMs() > eventTime) {
            i--;
        }
        return spans.get(i);
    }
}
