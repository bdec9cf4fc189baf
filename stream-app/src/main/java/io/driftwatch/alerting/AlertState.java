package io.driftwatch.alerting;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * What Driftwatch remembers about one alert fingerprint between windows: the consecutive
 * breaching and clear windows, whether it fires, since when, and the counters as they were before
 * the last evaluated window, so that a revision of that window (late labels) replaces its
 * evaluation instead of counting as one more window. See {@link AlertLifecycle}.
 *
 * <p>{@link #toBytes()} writes a compact binary form (typically 30 bytes) led by a format version
 * byte: version (2), flags (bit 0 firing, bit 1 firing before the last window, bit 2 startsAt
 * present, bit 3 lastWindowEnd present, bit 4 a FIRING was published for the last window), the four
 * counters as unsigned LEB128 varints (breaches, clears, breaches before, clears before), startsAt
 * and lastWindowEnd as 8-byte big-endian epoch milliseconds when present, and the last value as an
 * 8-byte IEEE 754 double. Instants are kept to the millisecond. Version 1 (the same layout without
 * bit 4, written before revisions were prevented from firing twice) is still read: bit 4 reads as
 * false there, which is what version 1 behaved as.
 *
 * @param current           counters after the last evaluated window
 * @param beforeLastWindow  counters before it
 * @param startsAt          window end of the window that made the current or last episode fire, or null
 * @param lastValue         the last observed value, NaN before any
 * @param lastWindowEnd     end of the last window with an observation, or null before any
 * @param firedAtLastWindow whether a FIRING was published for the last window (by its first report or
 *                          a revision); a later revision of that window then never fires again
 */
public record AlertState(Counters current, Counters beforeLastWindow, Instant startsAt, double lastValue,
                         Instant lastWindowEnd, boolean firedAtLastWindow) {

    /** Version of the binary form written by {@link #toBytes()}. */
    public static final byte FORMAT_VERSION = 2;

    /** The previous version, still read. */
    static final byte FORMAT_VERSION_1 = 1;

    private static final AlertState INITIAL = new AlertState(Counters.ZERO, Counters.ZERO, null, Double.NaN, null,
            false);

    /**
     * Consecutive-window counters; at most one of breaches and clears is non-zero.
     *
     * @param firing   whether the alert fires
     * @param breaches consecutive windows whose observation breached the rule
     * @param clears   consecutive windows whose observation did not
     */
    public record Counters(boolean firing, int breaches, int clears) {
        static final Counters ZERO = new Counters(false, 0, 0);

        public Counters {
            if (breaches < 0 || clears < 0) {
                throw new IllegalArgumentException("counters must be >= 0, got " + breaches + " and " + clears);
            }
        }
    }

    public AlertState {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(beforeLastWindow, "beforeLastWindow");
        startsAt = startsAt == null ? null : Instant.ofEpochMilli(startsAt.toEpochMilli());
        lastWindowEnd = lastWindowEnd == null ? null : Instant.ofEpochMilli(lastWindowEnd.toEpochMilli());
    }

    /** A state with no FIRING published for its last window. */
    public AlertState(Counters current, Counters beforeLastWindow, Instant startsAt, double lastValue,
                      Instant lastWindowEnd) {
        this(current, beforeLastWindow, startsAt, lastValue, lastWindowEnd, false);
    }

    /** The state of a fingerprint never seen: not firing, no counts. */
    public static AlertState initial() {
        return INITIAL;
    }

    public boolean firing() {
        return current.firing();
    }

    /**
     * This state after its model version went silent: not firing, no counts, its last window kept, so that the
     * version's next window, if it ever comes, starts a new episode.
     */
    public AlertState silenced() {
        return new AlertState(Counters.ZERO, Counters.ZERO, startsAt, lastValue, lastWindowEnd, false);
    }

    public int consecutiveBreaches() {
        return current.breaches();
    }

    public int consecutiveClears() {
        return current.clears();
    }

    /** The compact binary form described on the class. */
    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(2 + 4 * 5 + 3 * 8);
        int flags = (current.firing() ? 1 : 0) | (beforeLastWindow.firing() ? 2 : 0)
                | (startsAt != null ? 4 : 0) | (lastWindowEnd != null ? 8 : 0) | (firedAtLastWindow ? 16 : 0);
        buffer.put(FORMAT_VERSION).put((byte) flags);
        putVarint(buffer, current.breaches());
        putVarint(buffer, current.clears());
        putVarint(buffer, beforeLastWindow.breaches());
        putVarint(buffer, beforeLastWindow.clears());
        if (startsAt != null) {
            buffer.putLong(startsAt.toEpochMilli());
        }
        if (lastWindowEnd != null) {
            buffer.putLong(lastWindowEnd.toEpochMilli());
        }
        buffer.putDouble(lastValue);
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    /** Reads the form written by {@link #toBytes()}. */
    public static AlertState fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("alert state is empty; expected at least a format version byte");
        }
        if (bytes[0] != FORMAT_VERSION && bytes[0] != FORMAT_VERSION_1) {
            throw new IllegalArgumentException("alert state has format version " + bytes[0] + "; this Driftwatch reads "
                    + FORMAT_VERSION_1 + " and " + FORMAT_VERSION + " (was the state store written by a newer version?)");
        }
        int knownFlags = bytes[0] == FORMAT_VERSION_1 ? 0x0F : 0x1F;
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            int flags = buffer.get();
            if ((flags & ~knownFlags) != 0) {
                throw new IllegalArgumentException("alert state has unknown flags " + Integer.toBinaryString(flags));
            }
            int breaches = getVarint(buffer);
            int clears = getVarint(buffer);
            int breachesBefore = getVarint(buffer);
            int clearsBefore = getVarint(buffer);
            Instant startsAt = (flags & 4) != 0 ? Instant.ofEpochMilli(buffer.getLong()) : null;
            Instant lastWindowEnd = (flags & 8) != 0 ? Instant.ofEpochMilli(buffer.getLong()) : null;
            double lastValue = buffer.getDouble();
            if (buffer.hasRemaining()) {
                throw new IllegalArgumentException("alert state has " + buffer.remaining() + " bytes after its end");
            }
            return new AlertState(new Counters((flags & 1) != 0, breaches, clears),
                    new Counters((flags & 2) != 0, breachesBefore, clearsBefore), startsAt, lastValue, lastWindowEnd,
                    (flags & 16) != 0);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("alert state is truncated (" + bytes.length + " bytes)", e);
        }
    }

    private static void putVarint(ByteBuffer buffer, int value) {
        int rest = value;
        while ((rest & ~0x7F) != 0) {
            buffer.put((byte) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        buffer.put((byte) rest);
    }

    private static int getVarint(ByteBuffer buffer) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = buffer.get();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0) {
                    throw new IllegalArgumentException("alert state has a negative counter");
                }
                return value;
            }
        }
        throw new IllegalArgumentException("alert state has a malformed varint");
    }
}
