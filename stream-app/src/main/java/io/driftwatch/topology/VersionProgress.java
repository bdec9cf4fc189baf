package io.driftwatch.topology;

import java.nio.ByteBuffer;

/**
 * Merge-stage bookkeeping of one model version.
 *
 * @param lastClosedEnd end of the newest window already reported (windows close in time order)
 * @param lateEvents    late events not yet carried by a report
 * @param lastBaseline  creation time of the version's own baseline last audited (to audit a new one once)
 */
record VersionProgress(long lastClosedEnd, long lateEvents, long lastBaseline) {

    static final VersionProgress NONE = new VersionProgress(Long.MIN_VALUE, 0, Long.MIN_VALUE);

    byte[] encode() {
        return ByteBuffer.allocate(24).putLong(lastClosedEnd).putLong(lateEvents).putLong(lastBaseline).array();
    }

    static VersionProgress decode(byte[] bytes) {
        if (bytes == null) {
            return NONE;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new VersionProgress(b.getLong(), b.getLong(), b.getLong());
    }
}
