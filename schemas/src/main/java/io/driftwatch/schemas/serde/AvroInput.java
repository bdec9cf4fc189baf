package io.driftwatch.schemas.serde;

import java.io.IOException;

/**
 * The few reads of Avro's binary encoding that {@link PredictionEventReader} makes, so that it is written once for
 * both of its inputs: a record's own bytes ({@link AvroBytes}, what the monitor reads) and any Avro
 * {@link org.apache.avro.io.Decoder} ({@link DecoderInput}, what Avro's {@code DatumReader} contract hands it).
 * Each read fails as the same read of Avro's {@code BinaryDecoder} does.
 */
interface AvroInput {

    long readLong() throws IOException;

    int readInt() throws IOException;

    /** A union's branch. */
    int readIndex() throws IOException;

    /** A null: nothing in the binary encoding, a step for a decoder that follows a schema. */
    void readNull() throws IOException;

    double readDouble() throws IOException;

    boolean readBoolean() throws IOException;

    /** A string decoded afresh. */
    String readString() throws IOException;

    /** A string {@code strings} keeps when it repeats ({@link RepeatedStrings#of}), read at {@code position}. */
    String readRepeated(RepeatedStrings strings, int position) throws IOException;

    /** The item count of a map's first block. */
    long readMapStart() throws IOException;

    /** The item count of a map's next block; 0 at its end. */
    long mapNext() throws IOException;
}
