package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.http.ApiFixtures;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The console's times of the monitor's progress, in the schedule's minutes:seconds from the traffic's start: a
 * transition's window, and how far the status line's windows evaluated reach.
 */
class DemoConsoleTimesTest {

    private static final Instant START = Instant.parse("2026-12-07T01:00:03.400Z");

    @Test
    void givesTheWindowInTheSchedulesTime() {
        Alert a = ApiFixtures.alert("a1", "credit-scorer", "2024.06", Severity.CRITICAL, Instant.EPOCH);
        a.setWindowStart(Instant.parse("2026-12-07T01:02:00Z"));
        a.setWindowEnd(Instant.parse("2026-12-07T01:02:20Z"));
        a.setSummary("credit-scorer v2024.06: feature 'credit_utilization' drifted");

        assertThat(print(a)).matches("\\d\\d:\\d\\d:\\d\\d  FIRING   critical credit-scorer v2024\\.06: feature"
            + " 'credit_utilization' drifted  \\[window 1:56 to 2:16\\]\\n");
        a.setStatus(AlertStatus.RESOLVED);
        assertThat(print(a))
            .contains("  RESOLVED critical credit-scorer").endsWith("  [window 1:56 to 2:16]\n");
    }

    @Test
    void aWindowThatStartedBeforeTheTrafficStartsBeforeZero() {
        // 3.4 s before: whole seconds toward zero, as the schedule's own times.
        assertThat(DemoConsole.sinceStart(Instant.parse("2026-12-07T01:00:00Z"), START)).isEqualTo("-0:03");
        assertThat(DemoConsole.sinceStart(START, START)).isEqualTo("0:00");
        assertThat(DemoConsole.sinceStart(START.plusSeconds(3725), START)).isEqualTo("1:02:05");
    }

    @Test
    void theStatusLineSaysHowFarTheWindowsEvaluatedReach() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoConsole console = new DemoConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        console.status(Duration.ofSeconds(85), 966, 5, 44, Optional.of(Duration.ofMillis(35_700)), 2,
            DemoConsole.Shadow.UNKNOWN);
        console.status(Duration.ofSeconds(5), 982, 5, 0, Optional.empty(), 0, DemoConsole.Shadow.UNKNOWN);

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
            first -> assertThat(first).matches("\\d\\d:\\d\\d:\\d\\d  \\[1:25\\]  966 events/s  5 models"
                + "  44 windows evaluated up to 0:35  2 alerts firing"),
            second -> assertThat(second).endsWith("  [0:05]  982 events/s  5 models  0 windows evaluated  0 alerts firing"));
    }

    private static String print(Alert a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DemoConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8)).alert(a, START);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
