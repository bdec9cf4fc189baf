package io.driftwatch.schemas.serde;

/**
 * The Schema Registry wire format that Confluent's serializers (Java, Python, Go, .NET) write:
 *
 * <pre>
 * byte 0      magic byte, always 0
 * bytes 1..4  schema id, 32-bit big-endian (two's complement)
 * bytes 5..   the record in Avro binary encoding, written with that schema
 * </pre>
 */
public final class WireFormat {

    /** The first byte of every record in the wire format. */
    public static final byte MAGIC_BYTE = 0;
    /** Bytes before the Avro data. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** The five header bytes for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        return new byte[] {MAGIC_BYTE, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8),
                (byte) schemaId};
    }

    /**
     * The schema id in the header of {@code data}.
     *
     * @throws EventDecodingException {@code TRUNCATED} when there are fewer than 5 bytes,
     *     {@code BAD_MAGIC_BYTE} when the first is not 0
     */
    public static int schemaId(byte[] data) {
        if (data.length == 0) {
            throw new EventDecodingException(EventDecodingException.Reason.EMPTY, InputFormat.UNKNOWN,
                    "the record has no bytes; expected the wire format (magic byte 0, 4-byte schema id, Avro)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new EventDecodingException(EventDecodingException.Reason.BAD_MAGIC_BYTE, InputFormat.UNKNOWN,
                    "the first byte is " + hex(data[0]) + ", not the wire format's magic byte 0x00; the record was not written"
                            + " by a Schema Registry Avro serializer");
        }
        if (data.length < HEADER_SIZE) {
            throw new EventDecodingException(EventDecodingException.Reason.TRUNCATED, InputFormat.AVRO,
                    "the record has " + data.length + " bytes, fewer than the 5-byte wire-format header (magic byte, schema id)");
        }
        return (data[1] & 0xff) << 24 | (data[2] & 0xff) << 16 | (data[3] & 0xff) << 8 | data[4] & 0xff;
    }

    static String hex(byte b) {
        return String.format("0x%02X", b & 0xff);
    }
}
