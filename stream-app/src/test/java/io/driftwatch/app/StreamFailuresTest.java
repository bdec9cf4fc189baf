package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class StreamFailuresTest {

    private final AtomicLong now = new AtomicLong(Instant.parse("2026-12-02T10:00:00Z").toEpochMilli());
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @Test
    void theSameFailureThreeTimesInARowMakesTheInstanceUnhealthyUntilItStops() {
        StreamFailures failures = new StreamFailures(clock);
        StreamsException failure = new StreamsException("task 0_1 failed",
            new org.apache.kafka.common.errors.RecordTooLargeException("The message is 1048700 bytes"));
        failures.failed(failure);
        now.addAndGet(50_000);
        failures.failed(failure);
        assertThat(failures.problem()).as("two failures are not yet a streak").isEmpty();
        now.addAndGet(50_000);
        failures.failed(failure);
        assertThat(failures.problem()).hasValueSatisfying(p -> assertThat(p)
            .contains("3 times").contains("RecordTooLargeException").contains("1048700 bytes"));

        now.addAndGet(StreamFailures.QUIET.plus(Duration.ofSeconds(1)).toMillis());
        assertThat(failures.problem()).as("quiet for long enough").isEmpty();
    }

    @Test
    void differentFailuresOrFailuresFarApartAreNoStreak() {
        StreamFailures failures = new StreamFailures(clock);
        failures.failed(new IllegalStateException("a"));
        failures.failed(new IllegalStateException("b"));
        failures.failed(new IllegalStateException("a"));
        assertThat(failures.problem()).isEmpty();
        for (int i = 0; i < 3; i++) {
            now.addAndGet(StreamFailures.QUIET.toMillis() + 1);
            failures.failed(new IllegalStateException("c"));
        }
        assertThat(failures.problem()).isEmpty();
    }
}
