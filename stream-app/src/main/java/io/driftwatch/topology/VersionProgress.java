package io.driftwatch.topology;

import java.nio.ByteBuffer;

/**
 * Merge-stage bookkeeping of one model version.
 *
 * @param lastClosedEnd end of the newest window already reported (windows close in time order)
 * @param lateEvents    late events not yet carried by a report
 */
record VersionProgress(long lastClosedEnd, long lateEvents) {

    static final VersionProgress NONE = new VersionProgress(Long.MIN_VALUE, 0);

    byte[] encode() {
        return ByteBuffer.allocate(16).putLong(lastClosedEnd).putLong(lateEvents).array();
    }

    static VersionProgress decode(byte[] bytes) {
        if (bytes == null) {
            return NONE;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new VersionProgress(b.getLong(), b.getLong());
    }
}
