package io.driftwatch.schemas.serde;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the Avro serdes, read from the keys Confluent's serdes use (registry keys are
 * read separately, see {@link io.driftwatch.schemas.registry.RegistryClientConfig}).
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code auto.register.schemas}</td><td>true</td><td>the serializer registers the record's
 *   schema under its subject; when false it looks the schema's id up and fails if it is not
 *   registered</td></tr>
 * <tr><td>{@code use.latest.version}</td><td>false</td><td>with {@code auto.register.schemas=false}:
 *   write with the subject's latest schema (records of another schema are converted to it by Avro's
 *   schema resolution, which fails unless the latest can read them)</td></tr>
 * <tr><td>{@code key.subject.name.strategy}, {@code value.subject.name.strategy}</td>
 *   <td>{@code TopicNameStrategy}</td><td>see {@link SubjectNameStrategy}</td></tr>
 * <tr><td>{@code specific.avro.reader}</td><td>false</td><td>{@link AvroDeserializer} returns
 *   generated classes instead of {@code GenericRecord}</td></tr>
 * <tr><td>{@code specific.avro.key.type}, {@code specific.avro.value.type}</td><td></td>
 *   <td>the generated class to read keys / values as, whatever the writer's record name</td></tr>
 * </table>
 *
 * @param autoRegisterSchemas {@code auto.register.schemas}
 * @param useLatestVersion {@code use.latest.version}
 * @param keySubjectNameStrategy {@code key.subject.name.strategy}
 * @param valueSubjectNameStrategy {@code value.subject.name.strategy}
 * @param specificAvroReader {@code specific.avro.reader}
 * @param specificKeyType {@code specific.avro.key.type}, or null
 * @param specificValueType {@code specific.avro.value.type}, or null
 */
public record AvroSerdeConfig(
        boolean autoRegisterSchemas,
        boolean useLatestVersion,
        SubjectNameStrategy keySubjectNameStrategy,
        SubjectNameStrategy valueSubjectNameStrategy,
        boolean specificAvroReader,
        Class<?> specificKeyType,
        Class<?> specificValueType) {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

    public AvroSerdeConfig {
        Objects.requireNonNull(keySubjectNameStrategy, "keySubjectNameStrategy");
        Objects.requireNonNull(valueSubjectNameStrategy, "valueSubjectNameStrategy");
    }

    /** Confluent's defaults: register schemas, subject after the topic, generic reader. */
    public static AvroSerdeConfig defaults() {
        return new AvroSerdeConfig(true, false, SubjectNameStrategy.TOPIC_NAME, SubjectNameStrategy.TOPIC_NAME, false,
                null, null);
    }

    /**
     * Reads the keys in the class comment from a Kafka-style configuration map; others are ignored.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming the key when a value is wrong
     */
    public static AvroSerdeConfig fromConfigs(Map<String, ?> configs) {
        AbstractConfig config = new AbstractConfig(definition(), configs, false);
        return new AvroSerdeConfig(
                config.getBoolean(AUTO_REGISTER_SCHEMAS),
                config.getBoolean(USE_LATEST_VERSION),
                SubjectNameStrategy.parse(KEY_SUBJECT_NAME_STRATEGY, config.getString(KEY_SUBJECT_NAME_STRATEGY)),
                SubjectNameStrategy.parse(VALUE_SUBJECT_NAME_STRATEGY, config.getString(VALUE_SUBJECT_NAME_STRATEGY)),
                config.getBoolean(SPECIFIC_AVRO_READER),
                config.getClass(SPECIFIC_AVRO_KEY_TYPE),
                config.getClass(SPECIFIC_AVRO_VALUE_TYPE));
    }

    /** Keys, types, defaults and documentation, as Kafka's {@link ConfigDef}. */
    public static ConfigDef definition() {
        return new ConfigDef()
                .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Register the record's schema under its subject when serializing.")
                .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.LOW,
                        "With auto.register.schemas=false: write with the latest schema of the subject.")
                .define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", Importance.MEDIUM,
                        "TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy (Confluent's class names accepted).")
                .define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", Importance.MEDIUM,
                        "TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy (Confluent's class names accepted).")
                .define(SPECIFIC_AVRO_READER, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Deserialize into generated classes rather than GenericRecord.")
                .define(SPECIFIC_AVRO_KEY_TYPE, Type.CLASS, null, Importance.LOW, "Generated class to read keys as.")
                .define(SPECIFIC_AVRO_VALUE_TYPE, Type.CLASS, null, Importance.LOW, "Generated class to read values as.");
    }

    /** The subject name strategy for keys or values. */
    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return isKey ? keySubjectNameStrategy : valueSubjectNameStrategy;
    }

    /** {@code specific.avro.key.type} or {@code specific.avro.value.type}, or null. */
    public Class<?> specificType(boolean isKey) {
        return isKey ? specificKeyType : specificValueType;
    }
}
