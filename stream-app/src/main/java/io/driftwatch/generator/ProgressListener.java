package io.driftwatch.generator;

/** Receives a run's {@link Progress}, on the runner's thread; keep it quick. */
@FunctionalInterface
public interface ProgressListener {

    void onProgress(Progress progress);

    /** Ignores progress. */
    static ProgressListener none() {
        return p -> { };
    }
}
