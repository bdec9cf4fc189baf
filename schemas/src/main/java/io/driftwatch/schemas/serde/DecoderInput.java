package io.driftwatch.schemas.serde;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/** {@link AvroInput} from an Avro {@link Decoder}: each read is the decoder's own. */
final class DecoderInput implements AvroInput {

    private final Decoder in;
    private Utf8 scratch = new Utf8();

    DecoderInput(Decoder in) {
        this.in = in;
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public String readString() throws IOException {
        return in.readString();
    }

    @Override
    public String readRepeated(RepeatedStrings strings, int position) throws IOException {
        scratch = in.readString(scratch);
        return strings.of(scratch.getBytes(), 0, scratch.getByteLength(), position);
    }

    @Override
    public long readMapStart() throws IOException {
        return in.readMapStart();
    }

    @Override
    public long mapNext() throws IOException {
        return in.mapNext();
    }
}
