package io.driftwatch.profile;

import java.util.Objects;

/**
 * One window of one model version. Its string form {@code model/version@start} is the state-store
 * key: model ids cannot contain '/', and the start (epoch millis) follows the last '@'.
 */
public record WindowKey(String modelId, String modelVersion, long windowStart) {

    public WindowKey {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /** The {@code model/version} key used on the baselines and window-reports topics. */
    public String modelVersionKey() {
        return modelId + '/' + modelVersion;
    }

    public String encode() {
        return encode(modelId, modelVersion, windowStart);
    }

    /** The string form of a key, without making the key first (once per event on the profiling path). */
    public static String encode(String modelId, String modelVersion, long windowStart) {
        return modelId + '/' + modelVersion + '@' + windowStart;
    }

    public static WindowKey decode(String key) {
        int slash = key.indexOf('/');
        int at = key.lastIndexOf('@');
        if (slash < 1 || at < slash) {
            throw new IllegalArgumentException("Not a window key (model/version@start): " + key);
        }
        return new WindowKey(key.substring(0, slash), key.substring(slash + 1, at), Long.parseLong(key.substring(at + 1)));
    }
}
