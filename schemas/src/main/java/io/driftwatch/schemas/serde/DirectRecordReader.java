package io.driftwatch.schemas.serde;

import java.io.IOException;

/**
 * A reader that decodes a record straight from the bytes it came in, with no Avro {@code Decoder} between; {@link
 * AvroRecordReader} uses it where the reader for a writer's schema is one. Not thread-safe, as Avro's readers are not.
 */
interface DirectRecordReader<T> {

    /** The record in {@code data[offset, offset + length)}; fails as Avro's reader of those bytes would. */
    T read(byte[] data, int offset, int length) throws IOException;

    /** Whether the last {@link #read} used every byte it was given (if not, they were not all one record). */
    boolean readAll();
}
