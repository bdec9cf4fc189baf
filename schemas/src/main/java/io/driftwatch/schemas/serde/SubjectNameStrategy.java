package io.driftwatch.schemas.serde;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * How the registry subject of a record is named, as Confluent's strategies of the same names do.
 * Configured with {@code key.subject.name.strategy} / {@code value.subject.name.strategy}, which
 * take the short name ({@code TopicNameStrategy}), Confluent's class name
 * ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}) or the constant
 * ({@code TOPIC_NAME}).
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} or {@code <topic>-value}: one record type per topic. The default. */
    TOPIC_NAME("TopicNameStrategy") {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return requireTopic(topic) + (isKey ? "-key" : "-value");
        }
    },
    /** The record's full name: one subject per record type, shared by all topics. */
    RECORD_NAME("RecordNameStrategy") {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return recordName(schema);
        }
    },
    /** {@code <topic>-<record full name>}: several record types per topic. */
    TOPIC_RECORD_NAME("TopicRecordNameStrategy") {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return requireTopic(topic) + "-" + recordName(schema);
        }
    };

    private final String shortName;

    SubjectNameStrategy(String shortName) {
        this.shortName = shortName;
    }

    /** The subject for a record of {@code schema} written to {@code topic}. */
    public abstract String subject(String topic, boolean isKey, Schema schema);

    /** Confluent's class simple name, e.g. {@code TopicNameStrategy}. */
    public String shortName() {
        return shortName;
    }

    /**
     * The strategy {@code value} names, by short name, Confluent's fully qualified class name, or
     * constant name, ignoring case.
     *
     * @throws ConfigException for anything else
     */
    public static SubjectNameStrategy parse(String key, String value) {
        String name = value == null ? "" : value.trim();
        String simple = name.substring(name.lastIndexOf('.') + 1);
        for (SubjectNameStrategy strategy : values()) {
            if (strategy.shortName.equalsIgnoreCase(simple) || strategy.name().equals(simple.toUpperCase(Locale.ROOT))) {
                return strategy;
            }
        }
        throw new ConfigException(key, value,
                "expected TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy (or Confluent's class name of one);"
                        + " custom strategies are not supported");
    }

    private static String requireTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("no topic given; TopicNameStrategy names subjects after the topic");
        }
        return topic;
    }

    private static String recordName(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("a " + schema.getType() + " schema has no record name for the subject;"
                    + " use TopicNameStrategy");
        }
        return schema.getFullName();
    }
}
