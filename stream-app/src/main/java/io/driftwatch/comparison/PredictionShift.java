package io.driftwatch.comparison;

import io.driftwatch.profile.CategoricalAccumulator;
import io.driftwatch.profile.NumericAccumulator;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.PredictionKind;
import io.driftwatch.stats.CategoricalSummary;
import io.driftwatch.stats.DriftSettings;
import io.driftwatch.stats.FeatureDriftEvaluator;
import io.driftwatch.stats.FeatureDriftResult;
import io.driftwatch.stats.NumericSummary;

/**
 * The candidate's prediction distribution against the control's on the same window, with the drift
 * statistics every feature already gets ({@link FeatureDriftEvaluator}, the control taking the
 * reference's place): the score or value distribution of binary and regression models, the label
 * distribution of multiclass ones. Read from the two versions' outputs-only window profiles, so no
 * event is read twice.
 *
 * <p>It is reported, as the figure {@code prediction_shift}, and does not vote in the decision: a
 * candidate is deployed because it predicts differently, so a shift is expected of a better model as
 * much as of a worse one, and with thousands of predictions a drift test finds any shift
 * significant. Whether the shift costs anything is what the quality and latency figures decide.
 */
final class PredictionShift {

    static final String METRIC = "prediction_shift";

    private static final FeatureDriftEvaluator EVALUATOR = new FeatureDriftEvaluator();

    private PredictionShift() {
    }

    /** The figure, or null when either window's outputs are missing or hold no prediction. */
    static ComparedMetric of(byte[] controlOutputs, byte[] candidateOutputs) {
        WindowProfile c = VersionOutputs.decode(controlOutputs);
        WindowProfile k = VersionOutputs.decode(candidateOutputs);
        if (c == null || k == null) {
            return null;
        }
        DriftSettings settings = DriftSettings.defaults();
        FeatureDriftResult r;
        Double controlMean = null;
        Double candidateMean = null;
        boolean numeric = c.predictionKind() != PredictionKind.MULTICLASS && c.predictionNumeric() != null
            && k.predictionNumeric() != null;
        if (numeric) {
            r = EVALUATOR.numeric(METRIC, numeric(c.predictionNumeric()), numeric(k.predictionNumeric()), settings);
            controlMean = c.predictionNumeric().count() == 0 ? null : c.predictionNumeric().mean();
            candidateMean = k.predictionNumeric().count() == 0 ? null : k.predictionNumeric().mean();
        } else if (c.predictionClasses() != null && k.predictionClasses() != null) {
            r = EVALUATOR.categorical(METRIC, categorical(c.predictionClasses()), categorical(k.predictionClasses()), settings);
        } else {
            return null;
        }
        return ComparedMetric.newBuilder()
            .setMetric(METRIC)
            .setHigherIsBetter(false)
            .setControl(controlMean)
            .setCandidate(candidateMean)
            .setControlCount(r.referenceCount())
            .setCandidateCount(r.windowCount())
            .setDifference(r.statistic())
            .setPValue(r.pValue())
            .setTest(r.test().id() + "; reported, does not decide")
            .setMargin(r.threshold())
            .setVerdict(switch (r.verdict()) {
                case DRIFT -> "DRIFT";
                case NO_DRIFT -> "NO_DRIFT";
                case INSUFFICIENT_DATA -> "TOO_FEW_SAMPLES";
            })
            .build();
    }

    private static NumericSummary numeric(NumericAccumulator acc) {
        return new NumericSummary(acc.sketch(), acc.count(), acc.mean(), acc.stdDev(), acc.distinctValues(), acc.valueCounts());
    }

    private static CategoricalSummary categorical(CategoricalAccumulator acc) {
        return new CategoricalSummary(acc.frequencies(), acc.otherCount());
    }
}
