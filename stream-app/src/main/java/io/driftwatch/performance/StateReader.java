package io.driftwatch.performance;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * Reads state written by {@link StateWriter}. Every malformation (wrong kind, unknown version,
 * truncation, impossible values, trailing bytes) becomes an {@link IllegalArgumentException}
 * that names the type being restored and where the bytes went wrong.
 */
final class StateReader {

  private final byte[] bytes;
  private final String type;
  private int position;

  private StateReader(byte[] bytes, String type) {
    this.bytes = bytes;
    this.type = type;
    this.position = 2;
  }

  /**
   * Checks the header and positions the reader on the first field.
   *
   * @param type the class being restored, for messages
   * @param maxVersion newest format version this code reads
   */
  static StateReader open(byte[] bytes, byte kind, int maxVersion, String type) {
    if (bytes == null) {
      throw new IllegalArgumentException("cannot restore " + type + " from null bytes");
    }
    if (bytes.length < 2) {
      throw new IllegalArgumentException("corrupt " + type + " state: " + bytes.length
          + " bytes is shorter than the 2-byte header; pass bytes produced by " + type + ".toBytes()");
    }
    if (bytes[0] != kind) {
      throw new IllegalArgumentException("corrupt " + type + " state: kind byte 0x"
          + Integer.toHexString(bytes[0] & 0xFF) + " is not " + type + "'s 0x"
          + Integer.toHexString(kind & 0xFF) + "; the bytes belong to another type");
    }
    int version = bytes[1] & 0xFF;
    if (version < 1 || version > maxVersion) {
      throw new IllegalArgumentException("unsupported " + type + " state version " + version
          + " (this build reads 1.." + maxVersion + "); upgrade Driftwatch to read it");
    }
    return new StateReader(bytes, type);
  }

  long readCount() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = nextByte("count");
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (result < 0) {
          throw corrupt("count overflows a signed 64-bit value");
        }
        return result;
      }
    }
    throw corrupt("varint longer than 10 bytes");
  }

  /** Reads a count that sizes something in memory, refusing values that cannot be genuine. */
  int readSize(int max, String what) {
    long n = readCount();
    if (n > max) {
      throw corrupt(what + " " + n + " exceeds the limit " + max);
    }
    return (int) n;
  }

  double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  long readLong() {
    require(8, "8-byte value");
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[position++] & 0xFF);
    }
    return value;
  }

  double readFinite(String what) {
    double value = readDouble();
    if (!Double.isFinite(value)) {
      throw corrupt(what + " is " + value);
    }
    return value;
  }

  boolean readBoolean() {
    int b = nextByte("boolean");
    if (b != 0 && b != 1) {
      throw corrupt("boolean byte " + b);
    }
    return b == 1;
  }

  String readString() {
    long length = readCount();
    if (length > bytes.length - position) {
      throw corrupt("string of " + length + " bytes but only " + (bytes.length - position) + " left");
    }
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, position, (int) length))
          .toString();
      position += (int) length;
      return s;
    } catch (CharacterCodingException e) {
      throw corrupt("string is not valid UTF-8");
    }
  }

  /**
   * The owner's configuration, built from fields just read. The configuration's own checks stand
   * for the format's: what they refuse was never written, so the bytes are corrupt.
   */
  <T> T config(Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw corrupt("invalid configuration (" + e.getMessage() + ")");
    }
  }

  /** Fails if bytes remain: a longer input is not this state. */
  void finish() {
    if (position != bytes.length) {
      throw corrupt((bytes.length - position) + " unexpected trailing bytes");
    }
  }

  IllegalArgumentException corrupt(String detail) {
    return new IllegalArgumentException("corrupt " + type + " state at byte " + position + ": "
        + detail + "; pass bytes produced by " + type + ".toBytes()");
  }

  private int nextByte(String what) {
    require(1, what);
    return bytes[position++] & 0xFF;
  }

  private void require(int n, String what) {
    if (bytes.length - position < n) {
      throw corrupt("truncated while reading a " + what + " (" + n + " bytes needed, "
          + (bytes.length - position) + " left)");
    }
  }
}
