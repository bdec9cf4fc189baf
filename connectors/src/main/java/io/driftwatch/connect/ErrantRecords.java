package io.driftwatch.connect;

import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a record that can never be delivered (not an alert, or refused by the receiver) to Kafka
 * Connect's error handling: with {@code errors.deadletterqueue.topic.name} or
 * {@code errors.log.enable} set, to the {@link ErrantRecordReporter} (and {@code errors.tolerance}
 * decides whether the task goes on); without either, the record is skipped with a warning under
 * {@code errors.tolerance=all}, and the task fails with the cause otherwise.
 */
final class ErrantRecords {

    private static final Logger log = LoggerFactory.getLogger(ErrantRecords.class);

    private static final String TOLERANCE = "errors.tolerance";

    private final ErrantRecordReporter reporter;
    private final boolean tolerateAll;

    private ErrantRecords(ErrantRecordReporter reporter, boolean tolerateAll) {
        this.reporter = reporter;
        this.tolerateAll = tolerateAll;
    }

    /**
     * @param taskConfig the task's config, which carries the connector's {@code errors.*} keys
     */
    static ErrantRecords of(SinkTaskContext context, Map<String, String> taskConfig) {
        boolean tolerateAll = "all".equalsIgnoreCase(taskConfig.getOrDefault(TOLERANCE, "none").trim());
        try {
            return new ErrantRecords(context.errantRecordReporter(), tolerateAll);
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            // Workers before Kafka 2.6 have no errant record reporter.
            return new ErrantRecords(null, tolerateAll);
        }
    }

    void report(SinkRecord record, ConnectException error) {
        if (reporter == null) {
            if (!tolerateAll) {
                throw error;
            }
            // errors.tolerance=all without a dead letter queue or error log: Connect skips such records too.
            log.warn("Skipping record {}-{}@{} (errors.tolerance=all): {}", record.topic(), record.kafkaPartition(),
                    record.kafkaOffset(), error.getMessage());
            return;
        }
        log.warn("Reporting record {}-{}@{} as errant: {}", record.topic(), record.kafkaPartition(),
                record.kafkaOffset(), error.getMessage());
        reporter.report(record, error);
    }
}
