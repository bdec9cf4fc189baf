package io.driftwatch.topology;

import java.time.Duration;
import java.util.Optional;

/**
 * A model version the merge stage has heard of only through late events: none of its windows has
 * been reported, yet events of it arrived after their window had closed. Such a version would
 * otherwise be invisible (it has no report, so the API would not know it), and a producer sending a
 * fixed or stale {@code event_time} would see nothing and not know why.
 *
 * <p>Read from the merge stage's version-progress store, which counts late events until a report
 * carries them; a version that has a report is not late-only, its late events are in its reports.
 *
 * @param lateEvents late events counted so far
 */
public record LateOnlyVersion(String modelId, String modelVersion, long lateEvents) {

    /**
     * The version behind one entry of the version-progress store, when it is late-only.
     *
     * @param versionKey the store's key, {@code model_id/model_version}
     * @param progress   the store's value
     */
    public static Optional<LateOnlyVersion> fromProgress(String versionKey, byte[] progress) {
        VersionProgress p = VersionProgress.decode(progress);
        int slash = versionKey.lastIndexOf('/');
        if (slash < 0 || p.lastClosedEnd() != VersionProgress.NONE.lastClosedEnd() || p.lateEvents() <= 0) {
            return Optional.empty();
        }
        return Optional.of(new LateOnlyVersion(versionKey.substring(0, slash), versionKey.substring(slash + 1),
            p.lateEvents()));
    }

    /**
     * Why the version has no report, in one sentence a producer can act on.
     *
     * @param grace the configured {@code window.grace}, or null when not known here
     */
    public String reason(Duration grace) {
        String graceText = grace == null ? "window.grace" : "window.grace (" + describe(grace) + ")";
        return "no window reported yet: " + lateEvents + (lateEvents == 1 ? " event" : " events")
            + " arrived after " + (lateEvents == 1 ? "its" : "their") + " window closed: event_time more than "
            + graceText + " behind the watermark (the newest event_time seen on the input partition), so "
            + (lateEvents == 1 ? "it was" : "they were") + " counted, not profiled; send events with a current"
            + " event_time (on-time events show here when their window closes)";
    }

    private static String describe(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
