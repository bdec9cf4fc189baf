package io.driftwatch.baseline.io;

/** Hears how far a training file has been read: every N rows and once at the end. */
@FunctionalInterface
public interface RowProgressListener {

    /**
     * @param rowsRead rows read so far, good and bad
     * @param badRows  rows skipped as bad so far
     * @param finished true on the last call
     */
    void onProgress(long rowsRead, long badRows, boolean finished);

    static RowProgressListener none() {
        return (rows, bad, finished) -> { };
    }
}
