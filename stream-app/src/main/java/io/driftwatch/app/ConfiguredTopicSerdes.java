package io.driftwatch.app;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.DriftwatchConfig.InputFormat;
import io.driftwatch.config.DriftwatchConfig.OutputFormat;
import io.driftwatch.ingest.InputDecoder;
import io.driftwatch.ingest.Rejection;
import io.driftwatch.json.PlainJson;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.schemas.json.UnknownFieldPolicy;
import io.driftwatch.schemas.registry.SchemaRegistryClient;
import io.driftwatch.schemas.serde.DecodedEvent;
import io.driftwatch.schemas.serde.DriftwatchSerdes;
import io.driftwatch.schemas.serde.EventDecodingException;
import io.driftwatch.schemas.serde.InputEventDecoder;
import io.driftwatch.schemas.validation.EventValidator;
import io.driftwatch.schemas.validation.ValidationLimits;
import io.driftwatch.schemas.validation.ValidationResult;
import io.driftwatch.topology.TopicSerdes;
import java.time.Clock;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serdes the configuration asks for. Input events are Avro in the registry's wire format or
 * JSON (detected per record unless {@code input.format} pins one), then validated. Output topics
 * (window reports, alerts, audit, baselines) are plain JSON by default, readable by any consumer
 * and by Kafka Connect's {@code JsonConverter}, or Avro through the registry with {@code output.format=avro}.
 */
public final class ConfiguredTopicSerdes implements TopicSerdes, AutoCloseable {

    private final DriftwatchConfig config;
    private final SchemaRegistryClient registry;
    private final EventValidator validator;
    private final PlainJson json = new PlainJson(PlainJson.Timestamps.EPOCH_MILLIS);

    public ConfiguredTopicSerdes(DriftwatchConfig config, Clock clock) {
        this.config = config;
        Object url = config.serde().get("schema.registry.url");
        this.registry = url == null ? null : SchemaRegistryClient.fromConfigs(config.serde());
        this.validator = new EventValidator(ValidationLimits.defaults(), clock);
    }

    /** Whether the configuration needs a schema registry: Avro output, or Avro input allowed. */
    public static boolean needsRegistry(DriftwatchConfig config) {
        return config.formats().output() == OutputFormat.AVRO || config.formats().input() == InputFormat.AVRO;
    }

    @Override
    public InputDecoder<PredictionEvent> predictions() {
        InputEventDecoder<PredictionEvent> decoder = registry == null ? null
            : InputEventDecoder.predictions(registry, UnknownFieldPolicy.IGNORE);
        io.driftwatch.schemas.json.PredictionEventJsonCodec jsonCodec = new io.driftwatch.schemas.json.PredictionEventJsonCodec();
        return decoder(decoder, jsonCodec::decode, validator::validate);
    }

    @Override
    public InputDecoder<OutcomeEvent> outcomes() {
        InputEventDecoder<OutcomeEvent> decoder = registry == null ? null
            : InputEventDecoder.outcomes(registry, UnknownFieldPolicy.IGNORE);
        io.driftwatch.schemas.json.OutcomeEventJsonCodec jsonCodec = new io.driftwatch.schemas.json.OutcomeEventJsonCodec();
        return decoder(decoder, jsonCodec::decode, validator::validate);
    }

    private <T extends SpecificRecord> InputDecoder<T> decoder(InputEventDecoder<T> wire, Function<byte[], T> jsonOnly,
                                                               Function<T, ValidationResult> validate) {
        InputFormat allowed = config.formats().input();
        return (topic, headers, value) -> {
            boolean avro;
            try {
                // Empty or unrecognisable bytes get the same reason whatever the configured format.
                avro = InputEventDecoder.framing(value) == io.driftwatch.schemas.serde.InputFormat.AVRO;
            } catch (EventDecodingException e) {
                return InputDecoder.Result.rejected(new Rejection(e.reason().name(), e.getMessage(), null));
            }
            if (avro && allowed == InputFormat.JSON) {
                return InputDecoder.Result.rejected(new Rejection("FORMAT_NOT_ALLOWED",
                    "Avro wire-format record on a topic configured for JSON (input.format=json)", null));
            }
            if (!avro && allowed == InputFormat.AVRO) {
                return InputDecoder.Result.rejected(new Rejection("FORMAT_NOT_ALLOWED",
                    "A JSON record on a topic configured for Avro (input.format=avro)", null));
            }
            T event;
            try {
                if (wire != null) {
                    DecodedEvent<T> decoded = wire.decode(value);
                    event = decoded.event();
                } else if (avro) {
                    return InputDecoder.Result.rejected(new Rejection("NO_SCHEMA_REGISTRY",
                        "Avro wire-format record, but no schema.registry.url is configured to resolve its schema", null));
                } else {
                    event = jsonOnly.apply(value);
                }
            } catch (EventDecodingException e) {
                if (!e.reason().isRecordFault()) {
                    // The registry is down, not the record wrong: fail the task so it is retried, not dead-lettered.
                    throw e;
                }
                return InputDecoder.Result.rejected(new Rejection(e.reason().name(), e.getMessage(), e.getClass().getName()));
            } catch (io.driftwatch.schemas.json.JsonShapeException e) {
                EventDecodingException d = EventDecodingException.ofJson(e);
                return InputDecoder.Result.rejected(new Rejection(d.reason().name(), d.getMessage(), e.getClass().getName()));
            }
            ValidationResult valid = validate.apply(event);
            if (!valid.isValid()) {
                return InputDecoder.Result.rejected(new Rejection(valid.reason().name(), valid.message(), null));
            }
            return InputDecoder.Result.accepted(event);
        };
    }

    @Override
    public Serde<ReferenceProfile> baselines() {
        return output(ReferenceProfile.class);
    }

    @Override
    public Serde<WindowReport> windowReports() {
        return output(WindowReport.class);
    }

    @Override
    public Serde<Alert> alerts() {
        return output(Alert.class);
    }

    @Override
    public Serde<AuditRecord> audit() {
        return output(AuditRecord.class);
    }

    @Override
    public Serde<io.driftwatch.schemas.ComparisonReport> comparisons() {
        return output(io.driftwatch.schemas.ComparisonReport.class);
    }

    /** The serde of an output topic's values: Avro through the registry, or plain JSON. */
    public <T extends SpecificRecord> Serde<T> output(Class<T> type) {
        if (config.formats().output() == OutputFormat.AVRO) {
            return DriftwatchSerdes.specific(type, registry, config.serde(), false);
        }
        Serializer<T> serializer = (topic, v) -> v == null ? null : json.toBytes((org.apache.avro.generic.IndexedRecord) v);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : PlainJson.read(bytes, type);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    @Override
    public void close() {
        if (registry != null) {
            try {
                registry.close();
            } catch (Exception e) {
                // Closing a registry client releases an HTTP client; nothing to recover.
            }
        }
    }

}
