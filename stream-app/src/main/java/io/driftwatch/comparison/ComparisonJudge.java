package io.driftwatch.comparison;

import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonDecision;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.ShadowAgreement;
import io.driftwatch.stats.MixtureSprt;
import io.driftwatch.stats.ProportionDifference;
import io.driftwatch.stats.WelchTTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges a candidate against its control after one more window: each judged figure on this window
 * alone (a fixed-horizon test with its 95% interval, for reading), and over every window so far with
 * the mSPRT's always-valid confidence sequence ({@link MixtureSprt}), which is what decides:
 * <ul>
 *   <li>WORSE when the sequence lies entirely beyond the margin on the worse side (the candidate is
 *       worse by more than tolerated), BETTER when it lies entirely on the better side of 0,
 *       NOT_WORSE when it lies above −margin, UNDECIDED otherwise, TOO_FEW_SAMPLES below min_samples;</li>
 *   <li>ROLL_BACK as soon as one figure is WORSE; PROMOTE when the primary figure is BETTER and no
 *       other figure with data is less than NOT_WORSE; INCONCLUSIVE after max_windows without either.</li>
 * </ul>
 * The error budget α is split evenly over the decided figures (Bonferroni), and each figure's
 * sequence is valid at every window simultaneously, so the chance of any false decision over the
 * whole comparison, however long it runs, is at most α. Latency quantiles are compared per window
 * against their relative margin and reported, not decided on: a window report carries quantiles,
 * not the sketches an interval needs.
 */
public final class ComparisonJudge {

    private static final double WINDOW_CONFIDENCE = 0.95;

    private ComparisonJudge() {
    }

    /** The judged state and the report of this window. */
    public record Judgement(ComparisonState state, ComparisonReport report, boolean newlyDecided) {
    }

    public static Judgement judge(ComparisonSpec spec, ComparisonState state, VersionFigures ctrl, VersionFigures cand,
                                  Instant now) {
        List<ComparedMetric> metrics = new ArrayList<>();
        Map<String, Double> p = new HashMap<>(state.alwaysValidP());
        long decidedFigures = spec.margins().keySet().stream().filter(JudgedMetric::sequential).count();
        double alphaEach = spec.alpha() / Math.max(1, decidedFigures);
        String worse = null;
        boolean primaryBetter = false;
        boolean othersFine = true;
        for (JudgedMetric m : JudgedMetric.values()) {
            Double margin = spec.margins().get(m);
            if (margin == null) {
                continue;
            }
            ComparedMetric figure = m.sequential()
                ? sequential(m, margin, spec, state, ctrl, cand, alphaEach, p)
                : quantile(m, margin, spec, ctrl, cand);
            metrics.add(figure);
            if (!m.sequential()) {
                continue;
            }
            String verdict = figure.getVerdict();
            if (verdict.equals("WORSE") && worse == null) {
                worse = reason(m, figure, spec, state, "worse than " + spec.control() + " by more than the margin " + margin, alphaEach);
            }
            if (m == spec.primaryMetric()) {
                primaryBetter = verdict.equals("BETTER");
            } else if (!(verdict.equals("BETTER") || verdict.equals("NOT_WORSE"))
                && (figure.getControlCount() > 0 || figure.getCandidateCount() > 0)) {
                othersFine = false;
            }
        }
        String decision = state.decision();
        String why = state.decisionReason();
        if (!state.decided()) {
            if (worse != null) {
                decision = "ROLL_BACK";
                why = worse;
            } else if (primaryBetter && othersFine) {
                ComparedMetric primary = metrics.stream().filter(f -> f.getMetric().equals(spec.primaryMetric().id()))
                    .findFirst().orElseThrow();
                decision = "PROMOTE";
                why = reason(spec.primaryMetric(), primary, spec, state, "better than " + spec.control(), alphaEach)
                    + "; no other figure is worse than its margin";
            } else if (spec.maxWindows() > 0 && state.windowsCompared() >= spec.maxWindows()) {
                decision = "INCONCLUSIVE";
                why = "no decision after " + state.windowsCompared() + " windows (max_windows " + spec.maxWindows() + ")";
            }
        }
        ComparisonState judged = state.judged(p, decision, why);
        ComparisonReport report = ComparisonReport.newBuilder()
            .setModelId(spec.model())
            .setControlVersion(spec.control())
            .setCandidateVersion(spec.candidate())
            .setMode(spec.mode().id())
            .setOrigin(spec.origin())
            .setWindowStart(Instant.ofEpochMilli(ctrl.windowStart()))
            .setWindowEnd(Instant.ofEpochMilli(ctrl.windowEnd()))
            .setEmittedAt(now)
            .setWindowsCompared(state.windowsCompared())
            .setMetrics(metrics)
            .setShadow(spec.mode() == ComparisonMode.SHADOW || state.shadow().pairs() > 0 ? shadow(state.shadow()) : null)
            .setDecision(ComparisonDecision.valueOf(decision))
            .setDecisionReason(why)
            .build();
        return new Judgement(judged, report, !state.decided() && judged.decided());
    }

    private static ComparedMetric sequential(JudgedMetric m, double margin, ComparisonSpec spec, ComparisonState state,
                                             VersionFigures ctrl, VersionFigures cand, double alpha, Map<String, Double> p) {
        Tally wc = ctrl.tally(m);
        Tally wk = cand.tally(m);
        ComparedMetric.Builder b = ComparedMetric.newBuilder()
            .setMetric(m.id())
            .setHigherIsBetter(m.higherIsBetter())
            .setControl(wc.count() == 0 ? null : wc.mean())
            .setCandidate(wk.count() == 0 ? null : wk.mean())
            .setControlCount(wc.count())
            .setCandidateCount(wk.count())
            .setMargin(margin)
            .setTest(m.kind() == JudgedMetric.Kind.PROPORTION ? "two-proportion-z/newcombe; msprt" : "welch-t; msprt");
        if (wc.count() >= 2 && wk.count() >= 2) {
            b.setDifference(wk.mean() - wc.mean());
            if (m.kind() == JudgedMetric.Kind.PROPORTION) {
                ProportionDifference.Result r = ProportionDifference.test(Math.round(wc.sum()), wc.count(),
                    Math.round(wk.sum()), wk.count(), WINDOW_CONFIDENCE);
                b.setCiLow(r.ciLow()).setCiHigh(r.ciHigh()).setPValue(r.pValue());
            } else {
                WelchTTest.Result r = WelchTTest.test(wc.mean(), wc.variance(), wc.count(), wk.mean(), wk.variance(),
                    wk.count(), WINDOW_CONFIDENCE);
                b.setCiLow(r.ciLow()).setCiHigh(r.ciHigh()).setPValue(r.pValue());
            }
        }
        Tally c = state.control(m);
        Tally k = state.candidate(m);
        if (c.count() < spec.minSamples() || k.count() < spec.minSamples()) {
            return b.setVerdict("TOO_FEW_SAMPLES").build();
        }
        double sign = m.higherIsBetter() ? 1 : -1;
        double difference = k.mean() - c.mean();
        double g = sign * difference;
        double v = c.variance() / c.count() + k.variance() / k.count();
        b.setCumulativeDifference(difference);
        if (v == 0) {
            return b.setVerdict(g >= 0 ? "NOT_WORSE" : "UNDECIDED").build();
        }
        double tau = tau(m, margin, c);
        double prior = p.getOrDefault(m.id(), 1.0);
        double pNow = MixtureSprt.alwaysValidPValue(prior, g, v, tau, 0);
        p.put(m.id(), pNow);
        b.setAlwaysValidPValue(pNow);
        double h = MixtureSprt.halfWidth(v, tau, alpha);
        String verdict;
        if (g + h < -margin) {
            verdict = "WORSE";
        } else if (g - h > 0) {
            verdict = "BETTER";
        } else if (g - h > -margin) {
            verdict = "NOT_WORSE";
        } else {
            verdict = "UNDECIDED";
        }
        return b.setVerdict(verdict).build();
    }

    /** The mixture's scale: the margin (the difference worth finding fastest), or 5% of the control when it is 0. */
    static double tau(JudgedMetric m, double margin, Tally control) {
        return margin > 0 ? margin : Math.max(0.05 * Math.abs(control.mean()), 1e-6);
    }

    private static ComparedMetric quantile(JudgedMetric m, double margin, ComparisonSpec spec, VersionFigures ctrl,
                                           VersionFigures cand) {
        double c = ctrl.quantile(m);
        double k = cand.quantile(m);
        ComparedMetric.Builder b = ComparedMetric.newBuilder()
            .setMetric(m.id())
            .setHigherIsBetter(false)
            .setControl(Double.isNaN(c) ? null : c)
            .setCandidate(Double.isNaN(k) ? null : k)
            .setControlCount(ctrl.latencyCount())
            .setCandidateCount(cand.latencyCount())
            .setMargin(margin)
            .setTest("relative-margin");
        if (Double.isNaN(c) || Double.isNaN(k) || ctrl.latencyCount() < spec.minSamples() || cand.latencyCount() < spec.minSamples()) {
            return b.setVerdict("TOO_FEW_SAMPLES").build();
        }
        b.setDifference(k - c);
        return b.setVerdict(k > c * (1 + margin) ? "WORSE" : "NOT_WORSE").build();
    }

    private static String reason(JudgedMetric m, ComparedMetric f, ComparisonSpec spec, ComparisonState state,
                                 String relation, double alpha) {
        Tally c = state.control(m);
        Tally k = state.candidate(m);
        return String.format(Locale.ROOT, "%s of %s is %s: %.4f vs %.4f over %d windows"
                + " (%d vs %d observations, always-valid p %.2g, each figure at alpha %.2g)",
            m.id(), spec.candidate(), relation, k.mean(), c.mean(), state.windowsCompared(),
            k.count(), c.count(), f.getAlwaysValidPValue() == null ? Double.NaN : f.getAlwaysValidPValue(), alpha);
    }

    private static ShadowAgreement shadow(ShadowTally s) {
        return ShadowAgreement.newBuilder()
            .setPairs(s.pairs())
            .setAgreementRate(s.agreementRate())
            .setMeanAbsoluteScoreDifference(s.meanAbsoluteScoreDifference())
            .setConfusion(new HashMap<>(s.confusion()))
            .setUnpairedControl(s.unpairedControl())
            .setUnpairedCandidate(s.unpairedCandidate())
            .build();
    }
}
