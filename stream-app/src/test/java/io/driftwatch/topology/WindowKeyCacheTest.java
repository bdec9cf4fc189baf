package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.profile.WindowKey;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Over random streams of model versions and windows (interleaved models, versions of one model side by
 * side, late and reordered windows, equal names in new string instances), the cached key is always the
 * key {@link WindowKey#encode} makes, and the cache stays within its bound.
 */
class WindowKeyCacheTest {

    @Property(tries = 200)
    void theCachedKeyIsAlwaysTheEncodedKey(@ForAll long seed) {
        Random rnd = new Random(seed);
        WindowKeyCache cache = new WindowKeyCache();
        String[] models = {"fraud", "churn", "a/b", "m-1"};
        String[] versions = {"1", "2", "canary"};
        long window = 10_000;
        long now = rnd.nextInt(1_000) * window;
        for (int e = 0; e < 2_000; e++) {
            if (rnd.nextDouble() < 0.01) {
                now += window;
            }
            // Mostly the current window; sometimes the previous one (within the grace) or one long gone.
            double r = rnd.nextDouble();
            long start = r < 0.9 ? now : r < 0.98 ? now - window : now - window * (2 + rnd.nextInt(50));
            String model = models[rnd.nextInt(models.length)];
            String version = versions[rnd.nextInt(versions.length)];
            if (rnd.nextBoolean()) {
                model = new String(model.toCharArray());
                version = new String(version.toCharArray());
            }
            assertThat(cache.keyOf(model, version, start)).isEqualTo(WindowKey.encode(model, version, start));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(models.length * versions.length);
    }

    @Test
    void manyVersionsStartOverAtTheBound() {
        WindowKeyCache cache = new WindowKeyCache();
        for (int v = 0; v < WindowKeyCache.MAX_VERSIONS * 2 + 5; v++) {
            assertThat(cache.keyOf("m", "v" + v, 0)).isEqualTo("m/v" + v + "@0");
            assertThat(cache.size()).isLessThanOrEqualTo(WindowKeyCache.MAX_VERSIONS);
        }
    }
}
