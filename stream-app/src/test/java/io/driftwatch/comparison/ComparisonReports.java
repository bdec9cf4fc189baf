package io.driftwatch.comparison;

import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonDecision;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.ShadowAgreement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Comparison reports for tests, every field set so no Avro default has to be resolved. */
public final class ComparisonReports {

    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(1);

    private ComparisonReports() {
    }

    /** Window number {@code index} (0 starts at T0) of fraud-detector v2 (canary) against v1, with these figures. */
    static ComparisonReport window(int index, List<ComparedMetric> metrics, ShadowAgreement shadow) {
        return window("fraud-detector", "1", "2", index, metrics, shadow);
    }

    public static ComparisonReport window(String model, String control, String candidate, int index, List<ComparedMetric> metrics,
                                   ShadowAgreement shadow) {
        Instant start = T0.plus(WINDOW.multipliedBy(index));
        return ComparisonReport.newBuilder()
            .setModelId(model).setControlVersion(control).setCandidateVersion(candidate).setMode("canary")
            .setOrigin("declared").setWindowStart(start).setWindowEnd(start.plus(WINDOW))
            .setEmittedAt(start.plus(WINDOW).plusSeconds(11)).setWindowsCompared(index + 1)
            .setMetrics(metrics).setShadow(shadow).setDecision(ComparisonDecision.NONE).setDecisionReason(null)
            .build();
    }

    /** A judged figure: this window's control and candidate values, their counts, and the cumulative figures. */
    public static ComparedMetric figure(String metric, Double control, Double candidate, long controlCount, long candidateCount,
                                 Double cumulativeDifference, Double alwaysValidP) {
        return ComparedMetric.newBuilder()
            .setMetric(metric).setHigherIsBetter(metric.equals("accuracy"))
            .setControl(control).setCandidate(candidate).setControlCount(controlCount).setCandidateCount(candidateCount)
            .setDifference(control == null || candidate == null ? null : candidate - control)
            .setCiLow(null).setCiHigh(null).setPValue(null).setTest("test").setMargin(0.2)
            .setCumulativeDifference(cumulativeDifference).setAlwaysValidPValue(alwaysValidP).setVerdict("UNDECIDED")
            .build();
    }

    static ComparedMetric p99(double control, double candidate) {
        return figure("latency_p99", control, candidate, 700, 300, candidate - control, null);
    }

    static ShadowAgreement shadow(long pairs, Double agreementRate) {
        return ShadowAgreement.newBuilder().setPairs(pairs).setAgreementRate(agreementRate)
            .setMeanAbsoluteScoreDifference(null).setConfusion(Map.of()).setUnpairedControl(0).setUnpairedCandidate(0)
            .setDisagreementsLabelled(0).setControlRight(0).setCandidateRight(0).build();
    }
}
