package io.driftwatch.bench.memory;

import io.driftwatch.generator.TrafficGenerator;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.schemas.PredictionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Sizes of window profiles as the state stores and the model bus hold them: {@link WindowProfileCodec}
 * bytes of a whole window of one model version (as the merge stage keeps it), divided by the number
 * of features in the profile.
 */
public final class ProfileSizes {

    /** Over all (model, window) profiles of some traffic. */
    public record Summary(int profiles, double meanBytesPerFeature, double maxBytesPerFeature, long eventsOfLargest) {
    }

    private static final WindowProfileCodec CODEC = new WindowProfileCodec();

    private int count;
    private double sum;
    private double max;
    private long eventsOfLargest;

    private ProfileSizes() {
    }

    /**
     * Profiles of {@code count} events of {@code generator}'s traffic, {@code rate} per second of event
     * time, windowed as the monitor windows it; each window's profiles are measured when it ends.
     */
    public static Summary ofTraffic(TrafficGenerator generator, long count, Instant start, double rate, Duration window) {
        long windowMs = window.toMillis();
        ProfileSizes sizes = new ProfileSizes();
        Map<String, WindowProfile> open = new HashMap<>();
        long openWindow = Long.MIN_VALUE;
        double nanosApart = 1e9 / rate;
        for (long i = 0; i < count; i++) {
            PredictionEvent e = generator.next(start.plusNanos(Math.round(i * nanosApart))).prediction();
            long windowStart = Math.floorDiv(e.getEventTime().toEpochMilli(), windowMs) * windowMs;
            if (windowStart != openWindow) {
                open.values().forEach(sizes::add);
                open.clear();
                openWindow = windowStart;
            }
            open.computeIfAbsent(e.getModelId(), k -> new WindowProfile(ProfileSettings.defaults())).add(e);
        }
        open.values().forEach(sizes::add);
        return sizes.summary();
    }

    /**
     * Heap a profile takes once decoded, per byte of its encoding: what {@code window.memory.max.bytes}, which counts
     * encoded bytes, means in heap. Decodes copies of it (about 64 MB of encoding, at least 50 copies) and divides the
     * heap they hold after a full collection by their encoded bytes.
     */
    public static double decodedHeapPerByte(WindowProfile profile) {
        byte[] encoded = CODEC.encode(profile);
        int copies = (int) Math.max(50, Math.min(2_000, 64L * 1024 * 1024 / encoded.length));
        long before = MemoryBenchmark.liveHeap();
        WindowProfile[] decoded = new WindowProfile[copies];
        for (int i = 0; i < copies; i++) {
            decoded[i] = CODEC.decode(encoded);
        }
        long after = MemoryBenchmark.liveHeap();
        // Read after the second measurement, so that the copies are still reachable when it is taken.
        long events = decoded[copies - 1].events();
        if (events != profile.events()) {
            throw new IllegalStateException("a decoded profile has " + events + " events, not " + profile.events());
        }
        return (double) (after - before) / copies / encoded.length;
    }

    /** Bytes per feature of one profile. */
    public static double bytesPerFeature(WindowProfile profile) {
        int features = profile.numeric().size() + profile.categorical().size();
        return (double) CODEC.encode(profile).length / Math.max(1, features);
    }

    private void add(WindowProfile p) {
        double b = bytesPerFeature(p);
        count++;
        sum += b;
        if (b > max) {
            max = b;
            eventsOfLargest = p.events();
        }
    }

    private Summary summary() {
        return new Summary(count, count == 0 ? 0 : sum / count, max, eventsOfLargest);
    }
}
