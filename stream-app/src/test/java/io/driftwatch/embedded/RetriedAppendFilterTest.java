package io.driftwatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class RetriedAppendFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final RetriedAppendFilter filter = new RetriedAppendFilter();

    private LoggingEvent event(String logger, Throwable thrown) {
        return new LoggingEvent("test", context.getLogger(logger), Level.ERROR,
            "Error processing append operation on partition p", thrown, null);
    }

    @Test
    void dropsOnlyTheBrokersRefusedRetriedAppend() {
        assertThat(filter.decide(event("kafka.server.ReplicaManager", new OutOfOrderSequenceException("seq"))))
            .isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(event("kafka.server.ReplicaManager", new CorruptRecordException("crc"))))
            .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event("kafka.server.ReplicaManager", null))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event("io.driftwatch.app.DriftwatchApp", new OutOfOrderSequenceException("seq"))))
            .isEqualTo(FilterReply.NEUTRAL);
    }
}
