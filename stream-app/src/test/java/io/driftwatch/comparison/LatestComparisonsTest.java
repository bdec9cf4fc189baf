package io.driftwatch.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonDecision;
import io.driftwatch.schemas.ComparisonReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestComparisonsTest {

    private static ComparisonReport report(String candidate, long windowStart, long emitted, ComparisonDecision decision) {
        return ComparisonReport.newBuilder()
            .setModelId("fraud-detector").setControlVersion("1").setCandidateVersion(candidate)
            .setMode("canary").setOrigin("declared")
            .setWindowStart(Instant.ofEpochMilli(windowStart)).setWindowEnd(Instant.ofEpochMilli(windowStart + 60_000))
            .setEmittedAt(Instant.ofEpochMilli(emitted)).setWindowsCompared((int) (windowStart / 60_000) + 1)
            .setMetrics(List.of(ComparedMetric.newBuilder().setMetric("accuracy").setHigherIsBetter(true)
                .setControl(0.9).setCandidate(0.86).setControlCount(900).setCandidateCount(100)
                .setTest("t").setVerdict("WORSE").build()))
            .setDecision(decision)
            .build();
    }

    @Test
    void keepsTheLatestWindowEvenWhenAnOldWindowIsRevisedLater() {
        LatestComparisons latest = new LatestComparisons();
        latest.add(report("2", 120_000, 130_000, ComparisonDecision.ROLL_BACK));
        latest.add(report("2", 60_000, 200_000, ComparisonDecision.NONE)); // a revision of an older window
        latest.add(report("3", 0, 10_000, ComparisonDecision.NONE));
        assertThat(latest.get("fraud-detector/1/2").getDecision()).isEqualTo(ComparisonDecision.ROLL_BACK);
        assertThat(latest.all()).extracting(LatestComparisons::key).containsExactly("fraud-detector/1/2", "fraud-detector/1/3");
        String table = latest.table();
        assertThat(table.lines()).hasSize(3);
        assertThat(table).contains("fraud-detector/1/2").contains("ROLL_BACK").contains("accuracy 0.9000 -> 0.8600 WORSE");
    }
}
