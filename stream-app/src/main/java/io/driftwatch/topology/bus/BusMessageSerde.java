package io.driftwatch.topology.bus;

import io.driftwatch.profile.WindowKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link BusMessage}: a version byte, a type byte, then the fields. The bus is an
 * internal topic written and read by the same application, so the format only has to stay readable
 * across a rolling upgrade: hence the version byte.
 */
public final class BusMessageSerde implements Serde<BusMessage> {

    private static final byte VERSION = 1;
    private static final byte PARTIAL = 1;
    private static final byte WATERMARK = 2;
    private static final byte LATE = 3;
    private static final byte QUALITY = 4;
    private static final byte ERRORS = 5;
    private static final byte REJECTS = 6;

    @Override
    public Serializer<BusMessage> serializer() {
        return (topic, message) -> message == null ? null : encode(message);
    }

    @Override
    public Deserializer<BusMessage> deserializer() {
        return (topic, data) -> data == null ? null : decode(data);
    }

    static byte[] encode(BusMessage message) {
        byte[] source = utf8(message.source());
        if (message instanceof BusMessage.PartialWindow p) {
            return windowed(PARTIAL, source, p.window(), p.profile());
        }
        if (message instanceof BusMessage.Watermark w) {
            ByteBuffer b = ByteBuffer.allocate(2 + 4 + source.length + 8);
            b.put(VERSION).put(WATERMARK);
            putBytes(b, source);
            b.putLong(w.watermark());
            return b.array();
        }
        if (message instanceof BusMessage.QualityDelta q) {
            return windowed(QUALITY, source, q.window(), q.quality());
        }
        if (message instanceof BusMessage.ErrorBatch e) {
            byte[] model = utf8(e.modelId());
            byte[] version = utf8(e.modelVersion());
            ByteBuffer b = ByteBuffer.allocate(2 + 4 + source.length + 4 + model.length + 4 + version.length
                + 1 + 4 + 8 * e.errors().length);
            b.put(VERSION).put(ERRORS);
            putBytes(b, source);
            putBytes(b, model);
            putBytes(b, version);
            b.put((byte) (e.regression() ? 1 : 0));
            b.putInt(e.errors().length);
            for (double d : e.errors()) {
                b.putDouble(d);
            }
            return b.array();
        }
        if (message instanceof BusMessage.RejectSummary r) {
            java.util.List<byte[]> keys = new java.util.ArrayList<>();
            int size = 2 + 4 + source.length + 16 + 4;
            for (String k : r.counts().keySet()) {
                byte[] kb = utf8(k);
                keys.add(kb);
                size += 4 + kb.length + 8;
            }
            ByteBuffer b = ByteBuffer.allocate(size);
            b.put(VERSION).put(REJECTS);
            putBytes(b, source);
            b.putLong(r.windowStart()).putLong(r.windowEnd()).putInt(keys.size());
            int i = 0;
            for (Long count : r.counts().values()) {
                putBytes(b, keys.get(i++));
                b.putLong(count);
            }
            return b.array();
        }
        BusMessage.LateEvents l = (BusMessage.LateEvents) message;
        byte[] model = utf8(l.modelId());
        byte[] version = utf8(l.modelVersion());
        ByteBuffer b = ByteBuffer.allocate(2 + 4 + source.length + 4 + model.length + 4 + version.length + 8);
        b.put(VERSION).put(LATE);
        putBytes(b, source);
        putBytes(b, model);
        putBytes(b, version);
        b.putLong(l.count());
        return b.array();
    }

    /**
     * A partial profile and a quality delta are both one window's payload, so they share one layout
     * (source, window key, payload) and differ only in the type byte. BusMessageWireFormatTest pins
     * these bytes: instances of two releases read each other's bus during a rolling upgrade.
     */
    private static byte[] windowed(byte type, byte[] source, WindowKey window, byte[] payload) {
        byte[] model = utf8(window.modelId());
        byte[] version = utf8(window.modelVersion());
        ByteBuffer b = ByteBuffer.allocate(2 + 4 + source.length + 4 + model.length + 4 + version.length
            + 8 + 4 + payload.length);
        b.put(VERSION).put(type);
        putBytes(b, source);
        putBytes(b, model);
        putBytes(b, version);
        b.putLong(window.windowStart());
        putBytes(b, payload);
        return b.array();
    }

    static BusMessage decode(byte[] data) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            byte version = b.get();
            if (version != VERSION) {
                throw new SerializationException("Unknown model-bus message version " + version);
            }
            byte type = b.get();
            String source = string(b);
            return switch (type) {
                case PARTIAL -> new BusMessage.PartialWindow(source, windowKey(b), bytes(b));
                case WATERMARK -> new BusMessage.Watermark(source, b.getLong());
                case LATE -> new BusMessage.LateEvents(source, string(b), string(b), b.getLong());
                case REJECTS -> {
                    long start = b.getLong();
                    long end = b.getLong();
                    int n = b.getInt();
                    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
                    for (int i = 0; i < n; i++) {
                        counts.put(string(b), b.getLong());
                    }
                    yield new BusMessage.RejectSummary(source, start, end, counts);
                }
                case QUALITY -> new BusMessage.QualityDelta(source, windowKey(b), bytes(b));
                case ERRORS -> {
                    String model = string(b);
                    String modelVersion = string(b);
                    boolean regression = b.get() == 1;
                    double[] errors = new double[b.getInt()];
                    for (int i = 0; i < errors.length; i++) {
                        errors[i] = b.getDouble();
                    }
                    yield new BusMessage.ErrorBatch(source, model, modelVersion, regression, errors);
                }
                default -> throw new SerializationException("Unknown model-bus message type " + type);
            };
        } catch (RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("Corrupt model-bus message of " + data.length + " bytes", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putBytes(ByteBuffer b, byte[] bytes) {
        b.putInt(bytes.length);
        b.put(bytes);
    }

    private static byte[] bytes(ByteBuffer b) {
        int n = b.getInt();
        byte[] bytes = new byte[n];
        b.get(bytes);
        return bytes;
    }

    private static WindowKey windowKey(ByteBuffer b) {
        return new WindowKey(string(b), string(b), b.getLong());
    }

    private static String string(ByteBuffer b) {
        return new String(bytes(b), StandardCharsets.UTF_8);
    }
}
