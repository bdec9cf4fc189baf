package io.driftwatch.cli;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reading assigned partitions up to the end offsets taken when the read began, as the commands that
 * read a whole topic do, with {@code --timeout} honoured on the way: when the read stops advancing for
 * that long (a broker that stopped answering midway), it gives up rather than polling for ever.
 */
final class ReadToEnd {

    private final Consumer<?, ?> consumer;
    private final Map<TopicPartition, Long> end;
    private final Duration timeout;
    private final String what;
    private final LongSupplier nanoTime;
    private long position = -1;
    private long advancedAt;

    ReadToEnd(Consumer<?, ?> consumer, Map<TopicPartition, Long> end, Duration timeout, String what) {
        this(consumer, end, timeout, what, System::nanoTime);
    }

    ReadToEnd(Consumer<?, ?> consumer, Map<TopicPartition, Long> end, Duration timeout, String what, LongSupplier nanoTime) {
        this.consumer = consumer;
        this.end = end;
        this.timeout = timeout;
        this.what = what;
        this.nanoTime = nanoTime;
        this.advancedAt = nanoTime.getAsLong();
    }

    /**
     * Whether every partition has been read to its end; throws Kafka's {@link TimeoutException} when the
     * positions have not moved for the timeout.
     */
    boolean done() {
        long sum = 0;
        boolean done = true;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            long at = consumer.position(e.getKey());
            sum += at;
            done &= at >= e.getValue();
        }
        long now = nanoTime.getAsLong();
        if (sum != position) {
            position = sum;
            advancedAt = now;
        } else if (!done && now - advancedAt > timeout.toNanos()) {
            throw new TimeoutException("reading " + what + " made no progress for " + timeout.toSeconds()
                + " s (--timeout)");
        }
        return done;
    }
}
