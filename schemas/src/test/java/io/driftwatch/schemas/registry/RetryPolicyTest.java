package io.driftwatch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void waitsDoubleFromTheFirstUpToTheCap() {
        RetryPolicy policy = RetryPolicy.defaults();
        assertThat(policy.maxRetries()).isEqualTo(3);
        assertThat(policy.waitBefore(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.waitBefore(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.waitBefore(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.waitBefore(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.waitBefore(5)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.waitBefore(1000)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void refusesNegativeSettings() {
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO)).hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(-1), Duration.ZERO)).hasMessageContaining("waits");
    }
}
