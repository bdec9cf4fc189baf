package io.driftwatch.stats;

/**
 * When a significance test of a sample that keeps growing may look at it again, and how many
 * times it can have looked: the schedule that keeps such a test at its level.
 *
 * <p>A window's labels arrive after the window closed, and each revision of its report carries
 * more of them. Testing every revision at level α is optional stopping: on a stationary stream the
 * chance that some revision rejects grows with the number of revisions (3,000 simulated windows of
 * 300 to 1,000 labels over 1 to 40 revisions, each revision tested at α = 0.0127: 115 windows
 * rejected, three times the 38 the level allows; {@code AccuracyRevisionsFalseAlarmTest}). The
 * schedule bounds the number of looks instead:
 *
 * <ul>
 *   <li>the first report with at least {@value #FIRST_LOOK} labels is a look, and after it each
 *       report with at least twice the labels of the last look; the others keep the last look's
 *       verdict;</li>
 *   <li>the looks of a window whose sample can reach at most {@code N} (labels cannot outnumber
 *       predictions) and that count only from {@code m} on number at most
 *       L = ⌊log₂(N / m)⌋ + 1: each has at least twice its predecessor's sample, the first at least
 *       m, the last at most N;</li>
 *   <li>testing each look at α / L bounds the chance that any look rejects under the null
 *       hypothesis by α (Bonferroni), whatever the looks' samples and however many revisions
 *       there were in between.</li>
 * </ul>
 * Bonferroni ignores that the looks share their labels, so it is conservative (the same
 * simulation: 14 windows). Group-sequential boundaries (Pocock,
 * O'Brien–Fleming, Lan–DeMets spending; Jennison and Turnbull, <i>Group Sequential Methods</i>,
 * 2000) spend α more closely but need the looks' samples in advance or the whole history of
 * earlier looks; this schedule needs only the last look's sample, which the report carries
 * ({@code quality.drop_test_labelled_count}). The price is power: a look may be up to half the
 * sample it could have been, and a single look is tested at α / L (L = 4 for 1000 predictions
 * and 100 labels at least).
 */
public final class DoublingLooks {

    /** No look before this sample: at the levels a false-alarm target sets, fewer decide nothing. */
    public static final long FIRST_LOOK = 32;

    private DoublingLooks() {
    }

    /**
     * The sample at the latest look once a report with {@code sample} is made.
     *
     * @param lastLook the sample at the last look of the earlier reports, 0 when there was none
     * @param sample   this report's sample
     * @return {@code sample} when this report is a look, else {@code lastLook}
     */
    public static long next(long lastLook, long sample) {
        if (lastLook < 0 || sample < 0) {
            throw new IllegalArgumentException("samples must be >= 0, got " + lastLook + " and " + sample);
        }
        boolean look = lastLook == 0 ? sample >= FIRST_LOOK : sample >= 2 * lastLook;
        return look ? sample : lastLook;
    }

    /**
     * The most looks whose sample is at least {@code minSample}, for a sample that can reach at
     * most {@code maxSample}: ⌊log₂(maxSample / m)⌋ + 1 with m = max(minSample, {@value #FIRST_LOOK}),
     * and 1 when maxSample &lt; m (a single look, if any).
     */
    public static int maxLooks(long maxSample, long minSample) {
        long m = Math.max(minSample, FIRST_LOOK);
        int looks = 1;
        // Doubling m while it stays within maxSample counts ⌊log₂(maxSample / m)⌋ exactly, with no rounding.
        for (long s = m; s <= maxSample / 2; s *= 2) {
            looks++;
        }
        return looks;
    }
}
