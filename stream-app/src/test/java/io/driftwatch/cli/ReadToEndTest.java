package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** A read to the end of a topic gives up after --timeout without progress, never while it advances. */
class ReadToEndTest {

    private static final TopicPartition TP = new TopicPartition("audit", 0);

    @Test
    void aReadThatStopsAdvancingGivesUpAfterTheTimeoutAndOneThatAdvancesDoesNot() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(TP));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.seek(TP, 0);
        AtomicLong clock = new AtomicLong();
        ReadToEnd reading = new ReadToEnd(consumer, Map.of(TP, 10L), Duration.ofSeconds(5), "the topic audit", clock::get);

        for (long at = 1; at < 10; at++) {
            clock.addAndGet(Duration.ofSeconds(4).toNanos()); // slow, but advancing: 36 s in all
            consumer.seek(TP, at);
            assertThat(reading.done()).isFalse();
        }
        clock.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(reading.done()).as("still within the timeout of the last advance").isFalse();
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThatThrownBy(reading::done).isInstanceOf(TimeoutException.class)
            .hasMessageContaining("reading the topic audit made no progress for 5 s");

        consumer.seek(TP, 10);
        assertThat(new ReadToEnd(consumer, Map.of(TP, 10L), Duration.ofSeconds(5), "the topic audit", clock::get).done()).isTrue();
    }
}
