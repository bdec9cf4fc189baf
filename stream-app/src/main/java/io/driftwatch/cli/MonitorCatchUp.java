package io.driftwatch.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's wait, once its traffic has ended, for the monitor to read what was sent: on a slow or busy machine the
 * monitor lags the traffic by several windows, and stopping at once cut off the end of the story (the latency alert,
 * the last to come, was never told). It waits until the monitor's consumer group has committed its input partitions up
 * to their ends, or until the deadline.
 */
final class MonitorCatchUp {

    /** What the wait ended with. */
    enum Outcome { CAUGHT_UP, DEADLINE }

    /** Waits between looks; a seam so that tests do not wait. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private MonitorCatchUp() {
    }

    /**
     * Looks at {@code behind} every {@code every} until it is 0 or {@code deadline} has passed, telling the console how
     * many records are left at each look that finds some.
     *
     * @param behind records the monitor has still to commit, or -1 when the broker did not answer
     */
    static Outcome await(LongSupplier behind, Duration deadline, Duration every, Consumer<String> console, Sleeper sleeper)
        throws InterruptedException {
        long looks = Math.max(1, deadline.toMillis() / Math.max(1, every.toMillis()));
        for (long look = 0; ; look++) {
            long left = behind.getAsLong();
            if (left == 0) {
                return Outcome.CAUGHT_UP;
            }
            if (look >= looks) {
                console.accept("The monitor is still " + (left > 0 ? left + " records behind" : "not answering") + " after "
                    + deadline.toSeconds() + " s; stopping anyway.");
                return Outcome.DEADLINE;
            }
            if (left > 0) {
                console.accept("Waiting for the monitor to catch up: " + left + " records behind.");
            }
            sleeper.sleep(every);
        }
    }

    /**
     * How far the monitor's consumer group is behind on its input topics: the records it has still to commit, exact since
     * the demo's producer writes without transactions (the stages' internal topics are not counted: their transaction
     * markers make an end offset no count of records, and the model bus carries heartbeats for as long as the monitor
     * runs); -1 when the broker does not answer within 5 s.
     */
    static long behind(Admin admin, String groupId, Set<String> inputs) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            committed.keySet().stream().filter(tp -> inputs.contains(tp.topic()))
                .forEach(tp -> request.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(request).all().get(5, TimeUnit.SECONDS);
            long left = 0;
            for (TopicPartition tp : request.keySet()) {
                OffsetAndMetadata position = committed.get(tp);
                left += Math.max(0, ends.get(tp).offset() - (position == null ? 0 : position.offset()));
            }
            return left;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        }
    }
}
