package io.driftwatch.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's claims of when the demo's stories show, read from the README itself so that the
 * sentence a user reads is the one {@link DemoStoryIT} measures: "Within about five minutes you see
 * each story turn into alerts (the first about 2½ minutes in; ... fires last, about 4½ minutes in)".
 * Times are demo time at {@code --speed 1} from the start of the traffic.
 *
 * @param allWithin   every story has alerted by then
 * @param firstStory  when the first story alerts
 * @param latencyLast when the latency alert, the last story to show, fires
 */
record DemoTimingClaims(Duration allWithin, Duration firstStory, Duration latencyLast) {

    static final Path README = Path.of("..", "README.md");

    private static final String NUMBER = "(\\d+(?:[½¼¾]|\\.\\d+)?|[a-z]+)";
    private static final Pattern ALL = Pattern.compile("Within about " + NUMBER + " minutes you see each story");
    private static final Pattern FIRST = Pattern.compile("the first about " + NUMBER + " minutes in");
    private static final Pattern LAST = Pattern.compile("fires last, about " + NUMBER + " minutes in");
    private static final Map<String, Double> WORDS = Map.of("one", 1.0, "two", 2.0, "three", 3.0, "four", 4.0,
        "five", 5.0, "six", 6.0, "seven", 7.0, "eight", 8.0, "nine", 9.0, "ten", 10.0);

    static DemoTimingClaims fromReadme() throws IOException {
        // The sentence wraps over lines in the Markdown source.
        String text = Files.readString(README).replaceAll("\\s+", " ");
        return new DemoTimingClaims(minutes(ALL, text), minutes(FIRST, text), minutes(LAST, text));
    }

    private static Duration minutes(Pattern claim, String text) {
        Matcher m = claim.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("README.md no longer says '" + claim.pattern()
                + "'; DemoStoryIT checks the demo's timing against that sentence: keep it, or change both");
        }
        return Duration.ofMillis(Math.round(parse(m.group(1)) * 60_000));
    }

    static double parse(String number) {
        String n = number.toLowerCase(Locale.ROOT);
        if (WORDS.containsKey(n)) {
            return WORDS.get(n);
        }
        double fraction = n.endsWith("½") ? 0.5 : n.endsWith("¼") ? 0.25 : n.endsWith("¾") ? 0.75 : 0;
        String whole = fraction == 0 ? n : n.substring(0, n.length() - 1);
        try {
            return Double.parseDouble(whole) + fraction;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("cannot read '" + number + "' minutes in README.md's demo timing sentence", e);
        }
    }
}
