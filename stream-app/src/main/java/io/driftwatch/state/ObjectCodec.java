package io.driftwatch.state;

/** Turns a live state object into bytes for the changelogged store and back. */
public interface ObjectCodec<V> {

    byte[] encode(V value);

    V decode(byte[] bytes);
}
