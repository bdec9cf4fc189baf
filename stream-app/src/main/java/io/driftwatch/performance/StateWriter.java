package io.driftwatch.performance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the compact binary state of an accumulator or detector.
 *
 * <p>Layout: one byte naming the kind of state, one format-version byte, then the fields in
 * the order the owner writes them. Counts use unsigned LEB128 varints (most are small);
 * doubles are 8 bytes big-endian IEEE 754, so a round trip is bit-exact.
 */
final class StateWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

  StateWriter(byte kind, byte version) {
    out.write(kind);
    out.write(version);
  }

  StateWriter writeCount(long value) {
    if (value < 0) {
      throw new IllegalStateException("negative count " + value + " cannot be serialized");
    }
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return this;
  }

  StateWriter writeDouble(double value) {
    return writeLong(Double.doubleToRawLongBits(value));
  }

  /** A signed long in 8 bytes, e.g. an epoch-millisecond timestamp. */
  StateWriter writeLong(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  StateWriter writeBoolean(boolean value) {
    out.write(value ? 1 : 0);
    return this;
  }

  StateWriter writeString(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeCount(utf8.length);
    out.write(utf8, 0, utf8.length);
    return this;
  }

  byte[] toBytes() {
    return out.toByteArray();
  }
}
