package io.driftwatch.report;

import io.driftwatch.config.DriftwatchConfig.DriftSettingsConfig;
import io.driftwatch.config.DriftwatchConfig.FeatureOverride;
import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.profile.CategoricalAccumulator;
import io.driftwatch.profile.LatencyAccumulator;
import io.driftwatch.profile.NumericAccumulator;
import io.driftwatch.profile.WindowKey;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.BaselineRef;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.FeatureKind;
import io.driftwatch.schemas.LatencySummary;
import io.driftwatch.schemas.PredictionKind;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.stats.CategoricalSummary;
import io.driftwatch.stats.DriftSettings;
import io.driftwatch.stats.DriftTest;
import io.driftwatch.stats.DriftVerdict;
import io.driftwatch.stats.FeatureDriftEvaluator;
import io.driftwatch.stats.FeatureDriftResult;
import io.driftwatch.stats.NumericSummary;
import io.driftwatch.stats.SignificantEffect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import io.driftwatch.alerting.SignificancePolicy;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Compares a closed window's profile with its baseline and writes the {@link WindowReport}: per
 * feature the test, statistic, p-value, threshold, verdict and sketch error bound; prediction
 * drift; dataset drift share; latency quantiles and error rate.
 */
public final class WindowReportBuilder {

    /** Name under which prediction drift is reported. */
    public static final String PREDICTION = "prediction";

    private final FeatureDriftEvaluator evaluator = new FeatureDriftEvaluator();
    private final DriftSettingsConfig drift;
    private final AgreedWindowLayout windows;

    public WindowReportBuilder(DriftSettingsConfig drift, AgreedWindowLayout windows) {
        this.drift = drift;
        this.windows = windows;
    }

    /**
     * The report of a closed window.
     *
     * @param significance when present, the per-test significance level for p-value tests follows from
     *                     the rules' false-alarm target and the number of such tests in this window
     *                     (features with their own threshold keep it)
     */
    public WindowReport build(WindowKey key, WindowProfile profile, BaselineChoice baseline,
                              long lateEvents, Instant now, Optional<SignificancePolicy> significance) {
        List<FeatureDrift> features = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(profile.numeric().keySet());
        names.addAll(profile.categorical().keySet());
        if (baseline != null) {
            names.addAll(baseline.summaries().featureNames());
        }
        for (String name : names) {
            features.add(compareFeature(name, profile, baseline));
        }
        FeatureDrift prediction = predictionDrift(profile, baseline);
        significance.ifPresent(policy -> applySignificance(features, prediction, policy));
        int tested = 0;
        int drifted = 0;
        // The share is over every feature the baseline has, not only the tested ones: a window where two of
        // eight features have too few values (or an uncertain verdict) must not turn 3 drifted of 8 into "half".
        int compared = 0;
        for (FeatureDrift fd : features) {
            if (fd.getVerdict() == Verdict.DRIFT) {
                drifted++;
            }
            if (fd.getVerdict() == Verdict.DRIFT || fd.getVerdict() == Verdict.NO_DRIFT) {
                tested++;
            }
            if (fd.getVerdict() != Verdict.NO_BASELINE) {
                compared++;
            }
        }
        double share = tested == 0 ? 0.0 : (double) drifted / compared;
        long events = profile.events();
        return WindowReport.newBuilder()
            .setModelId(key.modelId())
            .setModelVersion(key.modelVersion())
            .setWindowStart(Instant.ofEpochMilli(key.windowStart()))
            .setWindowEnd(Instant.ofEpochMilli(windows.current().endOf(key.windowStart())))
            .setEmittedAt(now)
            .setRevision(0)
            .setBaseline(baseline == null ? null : baselineRef(baseline))
            .setEventCount(events)
            .setErrorCount(profile.errors())
            .setErrorRate(events == 0 ? 0.0 : (double) profile.errors() / events)
            .setLateEventCount(lateEvents)
            .setFeatures(features)
            .setPredictionDrift(prediction)
            .setTestedFeatureCount(tested)
            .setDriftedFeatureCount(drifted)
            .setComparedFeatureCount(compared)
            .setDatasetDriftShare(share)
            .setDatasetDriftThreshold(drift.datasetDriftShare())
            .setDatasetDrift(tested > 0 && share >= drift.datasetDriftShare())
            .setLatency(latency(profile.latency()))
            .build();
    }

    /**
     * Re-decides every feature's verdict, and the prediction's, at the level that keeps the window's false alarms at
     * the rules' target ({@link SignificantEffect}): p-value tests at that level, distance tests only when
     * their effect is above its threshold and also significant at that level. The window's budget is
     * split (Šidák, or Bonferroni) over its significance tests (the prediction's drift test is one of them, for the
     * {@code prediction-drift} rule) plus the shares of the model-level
     * tests ({@code accuracy-drop}, {@code error-rate}, {@code disparate-impact}, {@code latency-p99}, and one for the
     * features' missing values), so the default
     * rules together stay within the target. Each decided
     * feature carries in its statistics {@code significance_p_value} (the largest p-value its sketch
     * error allows) and {@code significance_level}, which the per-feature distance rules (PSI) use for
     * the same decision.
     */
    private void applySignificance(List<FeatureDrift> features, FeatureDrift prediction, SignificancePolicy policy) {
        List<FeatureDrift> decided = new ArrayList<>(features);
        if (prediction != null) {
            decided.add(prediction);
        }
        int tests = 0;
        for (FeatureDrift f : decided) {
            if (significancePValueId(f) != null && !hasOwnThreshold(f.getFeature())) {
                tests++;
            }
        }
        if (tests == 0) {
            return;
        }
        double alpha = policy.alphaFor(tests + SignificancePolicy.MODEL_TESTS);
        for (FeatureDrift f : decided) {
            String pValueId = significancePValueId(f);
            if (pValueId == null || hasOwnThreshold(f.getFeature())) {
                continue;
            }
            double[] p = SignificantEffect.pValueInterval(pValueId, f.getStatistics(), f.getErrorBounds(),
                f.getReferenceCount(), f.getWindowCount());
            boolean pValueTest = f.getPValue() != null;
            Double effectBound = f.getErrorBound();
            SignificantEffect.Decision decision = SignificantEffect.decide(
                pValueTest ? Double.POSITIVE_INFINITY : f.getStatistic(), pValueTest ? 0 : f.getThreshold(),
                pValueTest || effectBound == null ? 0 : effectBound, p[0], p[1], alpha);
            Map<String, Double> statistics = new HashMap<>(f.getStatistics());
            statistics.put(SignificancePolicy.P_VALUE_STATISTIC, decision.pValue());
            statistics.put(SignificancePolicy.LEVEL_STATISTIC, alpha);
            f.setStatistics(statistics);
            if (pValueTest) {
                f.setThreshold(alpha);
            }
            f.setVerdict(switch (decision.verdict()) {
                case DRIFT -> Verdict.DRIFT;
                case NO_DRIFT -> Verdict.NO_DRIFT;
                case UNCERTAIN -> Verdict.UNCERTAIN;
            });
            f.setVerdictReason(decision.reason());
        }
    }

    /** See {@link SignificantEffect#significancePValueId}; null when the feature has no verdict to decide. */
    private static String significancePValueId(FeatureDrift f) {
        if (f.getVerdict() != Verdict.DRIFT && f.getVerdict() != Verdict.NO_DRIFT) {
            return null;
        }
        return SignificantEffect.significancePValueId(f.getStatistics(), DriftTest.fromId(f.getTest()));
    }

    private boolean hasOwnThreshold(String feature) {
        FeatureOverride o = drift.features().get(feature);
        return o != null && o.threshold() != null;
    }

    private FeatureDrift compareFeature(String name, WindowProfile profile, BaselineChoice baseline) {
        NumericAccumulator numeric = profile.numeric().get(name);
        CategoricalAccumulator categorical = profile.categorical().get(name);
        long missing = profile.missing(name);
        long nonFinite = numeric == null ? 0 : numeric.nonFinite();
        DriftSettings settings = settingsFor(name);
        if (baseline != null) {
            NumericSummary refNumeric = baseline.summaries().numeric(name);
            if (refNumeric != null) {
                FeatureDriftResult r = numericDrift(name, refNumeric, numericSummary(numeric), settings);
                return explainShortfall(toAvro(r, missing, nonFinite), "numbers",
                    categorical == null ? 0 : categorical.count(), "text or booleans", settings);
            }
            CategoricalSummary refCategorical = baseline.summaries().categorical(name);
            if (refCategorical != null) {
                FeatureDriftResult r = categoricalDrift(name, refCategorical, categoricalSummary(categorical), settings);
                return explainShortfall(toAvro(r, missing, nonFinite), "category values",
                    numeric == null ? 0 : numeric.count(), "numbers", settings);
            }
        }
        boolean isNumeric = numeric != null && (categorical == null || numeric.count() >= categorical.count());
        return FeatureDrift.newBuilder()
            .setFeature(name)
            .setKind(isNumeric ? FeatureKind.NUMERIC : FeatureKind.CATEGORICAL)
            .setTest("none")
            .setThreshold(0.0)
            .setVerdict(Verdict.NO_BASELINE)
            .setWindowCount(isNumeric ? numeric.count() : categorical == null ? 0 : categorical.count())
            .setReferenceCount(0)
            .setMissingCount(missing)
            .setNonFiniteCount(nonFinite)
            .build();
    }

    private FeatureDrift predictionDrift(WindowProfile profile, BaselineChoice baseline) {
        if (baseline == null) {
            return null;
        }
        DriftSettings settings = settingsFor(PREDICTION);
        NumericSummary refNumeric = baseline.summaries().predictionNumeric();
        CategoricalSummary refClasses = baseline.summaries().predictionClasses();
        PredictionKind kind = profile.predictionKind() != PredictionKind.UNKNOWN
            ? profile.predictionKind() : baseline.summaries().profile().getPredictionKind();
        if ((kind == PredictionKind.BINARY || kind == PredictionKind.REGRESSION) && refNumeric != null) {
            NumericAccumulator acc = profile.predictionNumeric();
            return toAvro(numericDrift(PREDICTION, refNumeric, numericSummary(acc), settings), 0,
                acc == null ? 0 : acc.nonFinite());
        }
        if (refClasses != null) {
            return toAvro(categoricalDrift(PREDICTION, refClasses,
                categoricalSummary(profile.predictionClasses()), settings), 0, 0);
        }
        return null;
    }

    /**
     * A configured test can turn out not to apply to a feature only once its data is seen (chi-square
     * on a numeric feature that stopped being low-cardinality, say). The stream must not die for it:
     * the feature gets its default test instead, and the log says why.
     */
    private FeatureDriftResult numericDrift(String feature, NumericSummary ref, NumericSummary window, DriftSettings s) {
        try {
            return evaluator.numeric(feature, ref, window, s);
        } catch (IllegalArgumentException e) {
            warnOverride(feature, e);
            return evaluator.numeric(feature, ref, window, withoutTestOverride(s));
        }
    }

    private FeatureDriftResult categoricalDrift(String feature, CategoricalSummary ref, CategoricalSummary window,
                                                DriftSettings s) {
        try {
            return evaluator.categorical(feature, ref, window, s);
        } catch (IllegalArgumentException e) {
            warnOverride(feature, e);
            return evaluator.categorical(feature, ref, window, withoutTestOverride(s));
        }
    }

    private static DriftSettings withoutTestOverride(DriftSettings s) {
        return new DriftSettings(null, null, s.minSampleSize(), s.psiBins());
    }

    private static void warnOverride(String feature, IllegalArgumentException e) {
        org.slf4j.LoggerFactory.getLogger(WindowReportBuilder.class)
            .warn("drift.feature.{}.test does not apply to this window's data ({}); using the default test", feature, e.getMessage());
    }

    private DriftSettings settingsFor(String feature) {
        FeatureOverride override = drift.features().get(feature);
        return new DriftSettings(
            override == null ? null : override.test(),
            override == null ? null : override.threshold(),
            drift.minSampleSize(),
            drift.psiBins());
    }

    private static NumericSummary numericSummary(NumericAccumulator acc) {
        if (acc == null) {
            return new NumericSummary(KllDoublesSketch.newHeapInstance(), 0, 0.0, 0.0, 0, Map.of());
        }
        return new NumericSummary(acc.sketch(), acc.count(), acc.mean(), acc.stdDev(), acc.distinctValues(), acc.valueCounts());
    }

    private static CategoricalSummary categoricalSummary(CategoricalAccumulator acc) {
        return acc == null ? new CategoricalSummary(Map.of(), 0) : new CategoricalSummary(acc.frequencies(), acc.otherCount());
    }

    /**
     * Says why a feature has no verdict (INSUFFICIENT_DATA): too few values in the window, and which way they went
     * (missing, not finite, or of another kind than the baseline's, which the counts alone do not show), or too few
     * in the baseline. The feature-missing alerts point readers here.
     */
    private static FeatureDrift explainShortfall(FeatureDrift f, String kind, long otherKind, String otherKindName,
                                                 DriftSettings settings) {
        if (f.getVerdict() != Verdict.INSUFFICIENT_DATA) {
            return f;
        }
        long needed = settings.minSampleSize();
        f.setVerdictReason(f.getWindowCount() < needed
            ? String.format(Locale.ROOT, "%d %s in the window, fewer than the %d a verdict needs; %d events without the"
                + " feature, %d not finite, %d with %s where the baseline has %s", f.getWindowCount(), kind, needed,
                f.getMissingCount(), f.getNonFiniteCount(), otherKind, otherKindName, kind)
            : String.format(Locale.ROOT, "%d values in the baseline, fewer than the %d a verdict needs",
                f.getReferenceCount(), needed));
        return f;
    }

    private static FeatureDrift toAvro(FeatureDriftResult r, long missing, long nonFinite) {
        return FeatureDrift.newBuilder()
            .setFeature(r.feature())
            .setKind(FeatureKind.valueOf(r.type().name()))
            .setTest(r.test().id())
            .setStatistic(r.statistic())
            .setPValue(r.pValue())
            .setThreshold(r.threshold())
            .setVerdict(verdict(r.verdict()))
            .setErrorBound(r.errorBound())
            .setWindowCount(r.windowCount())
            .setReferenceCount(r.referenceCount())
            .setMissingCount(missing)
            .setNonFiniteCount(nonFinite)
            .setNewCategories(r.newCategories())
            .setStatistics(r.statistics())
            .setErrorBounds(r.errorBounds())
            .build();
    }

    private static Verdict verdict(DriftVerdict v) {
        return switch (v) {
            case DRIFT -> Verdict.DRIFT;
            case NO_DRIFT -> Verdict.NO_DRIFT;
            case INSUFFICIENT_DATA -> Verdict.INSUFFICIENT_DATA;
        };
    }

    private static BaselineRef baselineRef(BaselineChoice choice) {
        ReferenceProfile p = choice.summaries().profile();
        return BaselineRef.newBuilder()
            .setModelVersion(p.getModelVersion())
            .setSource(p.getSource().name())
            .setCreatedAt(p.getCreatedAt())
            .setRowCount(p.getRowCount())
            .setFallback(choice.fallback())
            .build();
    }

    private static LatencySummary latency(LatencyAccumulator acc) {
        if (acc == null || acc.count() == 0) {
            return null;
        }
        return LatencySummary.newBuilder()
            .setCount(acc.count())
            .setP50Ms(acc.quantile(0.50))
            .setP95Ms(acc.quantile(0.95))
            .setP99Ms(acc.quantile(0.99))
            .setMaxMs(acc.max())
            .setRankError(acc.rankError())
            .setTailQuantiles(acc.tailQuantiles())
            .setTailRankErrors(acc.tailRankErrors())
            .build();
    }
}
