package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

    private static final Instant EMITTED = Instant.parse("2026-11-22T04:05:02Z");

    @Test
    void aTransitionReadAgainHasTheSameKeyAndAnyOtherAnother() {
        IdempotencyKey first = new IdempotencyKey("alerts", 2, 41, EMITTED);

        assertThat(new IdempotencyKey("alerts", 2, 41, EMITTED).headerValue()).isEqualTo(first.headerValue())
                .isEqualTo("\"alerts-2-41-" + EMITTED.toEpochMilli() + "\"");
        assertThat(new IdempotencyKey("alerts", 2, 42, EMITTED).headerValue()).isNotEqualTo(first.headerValue());
        assertThat(new IdempotencyKey("alerts", 1, 41, EMITTED).headerValue()).isNotEqualTo(first.headerValue());
    }

    @Test
    void aTopicCreatedAgainReusesOffsetsButNotTheKeysOfItsTransitions() {
        IdempotencyKey before = new IdempotencyKey("alerts", 0, 0, EMITTED);
        IdempotencyKey after = new IdempotencyKey("alerts", 0, 0, EMITTED.plusSeconds(3600));

        assertThat(after.headerValue()).isNotEqualTo(before.headerValue());
    }

    @Test
    void aRecordWithoutAnEmissionTimeIsNamedByItsPlaceAlone() {
        assertThat(new IdempotencyKey("alerts", 0, 7, null).headerValue()).isEqualTo("\"alerts-0-7\"");
    }
}
