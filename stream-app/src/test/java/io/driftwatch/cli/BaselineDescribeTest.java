package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.baseline.ReferenceProfileFactory;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.ReferenceProfile;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `baseline create --dry-run` and `baseline show` print about a baseline's quality. */
class BaselineDescribeTest {

    @Test
    void theQualityLineSaysHowManyLabelledRowsItWasMeasuredOn() {
        WindowProfile rows = new WindowProfile(DriftwatchConfig.from(Map.of()).profile());
        for (int i = 0; i < 10; i++) {
            rows.countEvent(false);
            rows.addFeature("x", (double) i);
        }
        ReferenceProfile p = ReferenceProfileFactory.fromProfile("fraud", "1", rows, BaselineSource.TRAINING_DATA,
            "train.csv", Instant.parse("2026-12-01T00:00:00Z"), Map.of("accuracy", 0.75));
        assertThat(BaselineCommand.describe(p)).contains("  quality: {accuracy=0.75}");
        p.setBaselineQualityCount(4L);
        assertThat(BaselineCommand.describe(p)).contains("  quality (on 4 labelled rows): {accuracy=0.75}");
    }
}
