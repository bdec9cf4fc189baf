package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.profile.WindowLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * How the instances agree on one layout from the log, whatever order their appends landed in: the first layout,
 * then each that extends the agreed one by one change.
 */
class WindowLayoutLogTest {

    private static final long NOW = 1_765_000_000_000L;
    private static final WindowLayout FIRST = WindowLayout.of(Duration.ofMinutes(5));

    @Test
    void anEmptyLogAgreesOnNothing() {
        assertThat(WindowLayoutLog.agreed(List.of())).isEmpty();
    }

    @Test
    void twoInstancesThatChangeTheSizeAtOnceAgreeOnTheFirstAppend() {
        WindowLayout one = FIRST.changedTo(600_000, NOW);
        WindowLayout other = FIRST.changedTo(600_000, NOW + 900_000);
        assertThat(one).isNotEqualTo(other);
        assertThat(WindowLayoutLog.agreed(log(FIRST, one, other))).contains(one);
        assertThat(WindowLayoutLog.agreed(log(FIRST, other, one))).contains(other);
    }

    @Test
    void twoFirstRunsAtOnceAgreeOnTheFirstAndALaterChangeExtendsIt() {
        WindowLayout otherFirst = WindowLayout.of(Duration.ofMinutes(1));
        WindowLayout change = FIRST.changedTo(60_000, NOW);
        assertThat(WindowLayoutLog.agreed(log(FIRST, otherFirst))).contains(FIRST);
        assertThat(WindowLayoutLog.agreed(log(FIRST, otherFirst, change))).contains(change);
        WindowLayout twice = change.changedTo(120_000, NOW + 3_600_000);
        assertThat(WindowLayoutLog.agreed(log(FIRST, change, FIRST.changedTo(30_000, NOW), twice))).contains(twice);
    }

    @Test
    void aRunningInstanceAdoptsTheChangeThatWonAndNothingElse() {
        WindowLayout one = FIRST.changedTo(600_000, NOW);
        AgreedWindowLayout running = AgreedWindowLayout.of(FIRST);
        assertThat(running.adopt(FIRST)).as("the layout it has").isFalse();
        assertThat(running.adopt(one)).isTrue();
        assertThat(running.adopt(FIRST.changedTo(60_000, NOW))).as("a competing change that lost").isFalse();
        assertThat(running.adopt(FIRST)).as("an older layout").isFalse();
        assertThat(running.current()).isEqualTo(one);
    }

    @Test
    void aRecordThatIsNoLayoutIsSkipped() {
        List<ConsumerRecord<String, String>> records = new ArrayList<>(log(FIRST));
        records.add(new ConsumerRecord<>("t", 0, 1, "window-layout", "windows/1 300000 12345:60000"));
        records.add(new ConsumerRecord<>("t", 0, 2, "window-layout", null));
        assertThat(WindowLayoutLog.agreed(records)).contains(FIRST);
    }

    private static List<ConsumerRecord<String, String>> log(WindowLayout... layouts) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (WindowLayout l : layouts) {
            records.add(new ConsumerRecord<>("t", 0, records.size(), "window-layout", l.encode()));
        }
        return records;
    }
}
