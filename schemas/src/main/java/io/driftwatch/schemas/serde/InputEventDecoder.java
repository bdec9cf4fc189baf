package io.driftwatch.schemas.serde;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.json.JsonEventCodec;
import io.driftwatch.schemas.json.JsonShapeException;
import io.driftwatch.schemas.json.OutcomeEventJsonCodec;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import io.driftwatch.schemas.json.UnknownFieldPolicy;
import io.driftwatch.schemas.registry.SchemaRegistryClient;
import io.driftwatch.schemas.serde.EventDecodingException.Reason;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes an input event ({@link PredictionEvent}, {@link OutcomeEvent}) that arrived either as
 * Avro in the Schema Registry wire format or as JSON, telling them apart by the first byte: 0 is
 * the wire format's magic byte; '{', after any white space or UTF-8 byte order mark, starts
 * JSON. Avro records are resolved from their writer schema to the current class (schema
 * evolution); JSON is read by the event's {@link JsonEventCodec}.
 *
 * <p>Every failure is an {@link EventDecodingException} with a {@link Reason} code, the format
 * seen, and a message naming the cause. Thread-safe.
 *
 * @param <T> the event class
 */
public final class InputEventDecoder<T extends SpecificRecord> implements Deserializer<T> {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final AvroRecordReader<T> avro;
    private final JsonEventCodec<T> json;
    private final SchemaRegistryClient registry;
    private final boolean ownsRegistry;

    private InputEventDecoder(AvroRecordReader.ReaderFactory<T> readers, JsonEventCodec<T> json, SchemaRegistryClient registry,
                              boolean ownsRegistry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.avro = new AvroRecordReader<>(registry, readers);
        this.json = Objects.requireNonNull(json, "json");
        this.ownsRegistry = ownsRegistry;
    }

    /** Decoder of prediction events; {@code registry} stays the caller's to close. Unknown JSON fields are ignored. */
    public static InputEventDecoder<PredictionEvent> predictions(SchemaRegistryClient registry) {
        return predictions(registry, UnknownFieldPolicy.IGNORE);
    }

    public static InputEventDecoder<PredictionEvent> predictions(SchemaRegistryClient registry, UnknownFieldPolicy unknownFields) {
        return new InputEventDecoder<>(PredictionEventReader.factory(), new PredictionEventJsonCodec(unknownFields), registry, false);
    }

    /** Decoder of prediction events with its own registry client from {@code configs} (closed by {@link #close()}). */
    public static InputEventDecoder<PredictionEvent> predictions(Map<String, ?> configs, UnknownFieldPolicy unknownFields) {
        return new InputEventDecoder<>(PredictionEventReader.factory(), new PredictionEventJsonCodec(unknownFields),
                SchemaRegistryClient.fromConfigs(configs), true);
    }

    /** Decoder of outcome events; {@code registry} stays the caller's to close. Unknown JSON fields are ignored. */
    public static InputEventDecoder<OutcomeEvent> outcomes(SchemaRegistryClient registry) {
        return outcomes(registry, UnknownFieldPolicy.IGNORE);
    }

    public static InputEventDecoder<OutcomeEvent> outcomes(SchemaRegistryClient registry, UnknownFieldPolicy unknownFields) {
        return new InputEventDecoder<>(AvroRecordReader.specific(OutcomeEvent.class), new OutcomeEventJsonCodec(unknownFields), registry, false);
    }

    /** Decoder of outcome events with its own registry client from {@code configs} (closed by {@link #close()}). */
    public static InputEventDecoder<OutcomeEvent> outcomes(Map<String, ?> configs, UnknownFieldPolicy unknownFields) {
        return new InputEventDecoder<>(AvroRecordReader.specific(OutcomeEvent.class), new OutcomeEventJsonCodec(unknownFields),
                SchemaRegistryClient.fromConfigs(configs), true);
    }

    /**
     * The event in {@code data} and the format it came in.
     *
     * @throws EventDecodingException when it cannot be decoded; null data is {@link Reason#EMPTY}
     */
    public DecodedEvent<T> decode(byte[] data) {
        if (framing(data) == InputFormat.AVRO) {
            T event = avro.read(data);
            return new DecodedEvent<>(event, InputFormat.AVRO, WireFormat.schemaId(data));
        }
        int start = firstSignificantByte(data);
        try {
            return new DecodedEvent<>(json.decode(data, start, data.length - start), InputFormat.JSON, DecodedEvent.NO_SCHEMA_ID);
        } catch (JsonShapeException e) {
            throw EventDecodingException.ofJson(e);
        }
    }

    /**
     * The format a record's first bytes announce, checked before anything is decoded: the wire
     * format's magic byte {@code 0x00} (Avro) or, after white space and a UTF-8 byte-order mark, a
     * JSON object's {@code '{'}. Every decoding path uses it, so an empty or unrecognisable record
     * gets the same reason whether or not a registry is configured.
     *
     * @throws EventDecodingException {@link Reason#EMPTY} for no bytes, {@link Reason#BAD_MAGIC_BYTE} for anything else
     */
    public static InputFormat framing(byte[] data) {
        if (data == null || data.length == 0) {
            throw new EventDecodingException(Reason.EMPTY, InputFormat.UNKNOWN,
                    "the record has no value" + (data == null ? " (null)" : " (0 bytes)") + "; expected an event as wire-format Avro or JSON");
        }
        if (data[0] == WireFormat.MAGIC_BYTE) {
            return InputFormat.AVRO;
        }
        int start = firstSignificantByte(data);
        if (start < data.length && data[start] == '{') {
            return InputFormat.JSON;
        }
        throw new EventDecodingException(Reason.BAD_MAGIC_BYTE, InputFormat.UNKNOWN, unrecognised(data, start));
    }

    /**
     * The event in {@code data}, or null for null (a tombstone), as a Kafka deserializer returns it.
     *
     * @throws EventDecodingException when it cannot be decoded
     */
    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : decode(data).event();
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }

    private static int firstSignificantByte(byte[] data) {
        int i = data.length >= 3 && data[0] == UTF8_BOM[0] && data[1] == UTF8_BOM[1] && data[2] == UTF8_BOM[2] ? 3 : 0;
        while (i < data.length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static String unrecognised(byte[] data, int start) {
        if (start >= data.length) {
            return "the record holds only white space; expected an event as wire-format Avro or JSON";
        }
        byte first = data[start];
        String seen = "the record starts with " + WireFormat.hex(first)
                + (first >= 0x20 && first < 0x7f ? " ('" + (char) first + "')" : "");
        if (first == '[') {
            return seen + ": a JSON array; send one event object per Kafka record";
        }
        return seen + ", neither the wire format's magic byte 0x00 (Avro written with a Schema Registry serializer)"
                + " nor '{' (a JSON object)";
    }
}
