package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.baseline.io.RowProgressListener;
import io.driftwatch.baseline.io.TrainingDataOptions;
import io.driftwatch.baseline.io.TrainingDataProfiler;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.schemas.ReferenceProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baseline create} profiles training data as the monitor it publishes for profiles a window:
 * the monitor's classes and decision threshold decide what a score predicts, so the baseline quality
 * is what the live windows are compared with; its sketch and category sizes size the profile.
 */
class BaselineAsTheMonitorProfilesTest {

    @TempDir
    Path dir;

    @Test
    void theMonitorsClassesThresholdAndSizesAreTheBaselines() throws Exception {
        // Scores 0.6 are below a 0.7 threshold: predicted "no", which these rows' labels are.
        Path file = dir.resolve("train.csv");
        StringBuilder csv = new StringBuilder("x,score,label\n");
        for (int i = 0; i < 100; i++) {
            csv.append(i).append(',').append(i % 2 == 0 ? "0.9,yes" : "0.6,no").append('\n');
        }
        Files.writeString(file, csv);
        DriftwatchConfig config = DriftwatchConfig.from(Map.of("labels.positive.class", "yes",
            "labels.negative.class", "no", "labels.decision.threshold", "0.7", "profile.kll.k", "100",
            "profile.max.categories", "5"));

        TrainingDataOptions options = BaselineCreateCommand.asTheMonitorProfiles(config).build();
        assertThat(options.positiveLabel()).isEqualTo("yes");
        assertThat(options.negativeLabel()).isEqualTo("no");
        assertThat(options.profileSettings().kllK()).isEqualTo(100);
        assertThat(options.profileSettings().maxCategories()).isEqualTo(5);

        ReferenceProfile baseline = new TrainingDataProfiler(options)
            .profile(file, "m", "1", Instant.parse("2026-12-05T00:00:00Z"), RowProgressListener.none()).profile();
        assertThat(baseline.getBaselineQuality().get("accuracy")).as("every prediction right").isCloseTo(1.0, within(1e-12));

        // The defaults ("1"/"0", 0.5) would have predicted "1" for every row: no row right.
        ReferenceProfile asBefore = new TrainingDataProfiler(TrainingDataOptions.builder().build())
            .profile(file, "m", "1", Instant.parse("2026-12-05T00:00:00Z"), RowProgressListener.none()).profile();
        assertThat(asBefore.getBaselineQuality().get("accuracy")).isCloseTo(0.0, within(1e-12));
    }
}
