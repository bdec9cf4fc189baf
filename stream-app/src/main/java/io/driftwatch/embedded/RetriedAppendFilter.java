package io.driftwatch.embedded;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the in-process broker's ERROR for an append refused with {@code OutOfOrderSequenceException}.
 *
 * <p>Why: under exactly-once with transactions v2, a produce request retried after
 * {@code CONCURRENT_TRANSACTIONS} can reach the broker after its transaction moved on; the broker
 * refuses the batch and logs it at ERROR ({@code kafka.server.ReplicaManager}), the producer gets
 * {@code OUT_OF_ORDER_SEQUENCE_NUMBER} and retries (its own WARN says so), and the record is written
 * once. The fault suite and CrashRecoveryIT count every window exactly through such retries. On a
 * busy machine the demo, whose broker shares the console, printed these as if something had failed.
 * Any other broker error still shows.
 */
public final class RetriedAppendFilter extends Filter<ILoggingEvent> {

    private static final String BROKER_LOGGER = "kafka.server.ReplicaManager";
    private static final String REFUSED = "org.apache.kafka.common.errors.OutOfOrderSequenceException";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        return BROKER_LOGGER.equals(event.getLoggerName()) && thrown != null && REFUSED.equals(thrown.getClassName())
            ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
