package io.driftwatch.comparison;

import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonDecision;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.ShadowAgreement;
import io.driftwatch.stats.MixtureSprt;
import io.driftwatch.stats.ProportionDifference;
import io.driftwatch.stats.ProportionVariance;
import io.driftwatch.stats.QuantileDifference;
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
 *       other figure with data over the comparison (not only this window) is less than NOT_WORSE;
 *       INCONCLUSIVE after max_windows without either.</li>
 * </ul>
 * A proportion's variance is each version's plug-in p̂(1 − p̂), floored by Jeffreys' p̃ = (x + ½)/(n + 1)
 * and by the rate both versions share under "no difference" ({@link ProportionVariance}): the plug-in
 * is 0 when no event failed or every one did, and too small for a small canary that sees fewer rare
 * events than its share; the floors only widen the sequence, so they spend none of the error budget.
 * The error budget α is split evenly over the judged figures (Bonferroni), and each figure's
 * sequence is valid at every window simultaneously, so the chance of any false decision over the
 * whole comparison, however long it runs, is at most α. Latency quantiles are judged from the two
 * versions' latency sketches merged over every compared window ({@link QuantileDifference}'s
 * distribution-free interval of each quantile), with the figure's α spent over the looks: the
 * j-th window gets α/(j(j + 1)), which sums to α over any number of windows (alpha spending;
 * Lan and DeMets 1983 spend it by information, this by look, which needs no planned horizon).
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
        double alphaEach = spec.alpha() / Math.max(1, spec.margins().size());
        Latencies latencies = spec.margins().keySet().stream().anyMatch(m -> !m.sequential())
            ? Latencies.of(state, ctrl, cand) : new Latencies(null, null, null, null);
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
                : quantile(m, margin, spec, state, ctrl, cand, latencies, alphaEach);
            metrics.add(figure);
            String verdict = figure.getVerdict();
            if (verdict.equals("WORSE") && worse == null) {
                String relation = "worse than " + spec.control() + " by more than the margin " + margin;
                worse = m.sequential() ? reason(m, figure, spec, state, relation, alphaEach)
                    : quantileReason(m, spec, state, latencies, relation, alphaEach);
            }
            if (m == spec.primaryMetric()) {
                primaryBetter = verdict.equals("BETTER");
            } else if (!(verdict.equals("BETTER") || verdict.equals("NOT_WORSE")) && hasData(m, figure, state)) {
                othersFine = false;
            }
        }
        // Reported beside the judged figures, never voting (PredictionShift says why).
        ComparedMetric shift = PredictionShift.of(ctrl.outputs(), cand.outputs());
        if (shift != null) {
            metrics.add(shift);
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
        double v = variance(m, c, k);
        b.setCumulativeDifference(difference);
        if (v == 0) {
            // Only a mean (absolute error) gets here: every error equal in both versions says nothing of its spread.
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

    /**
     * Whether a figure has data over the whole comparison, as its verdict does. A sequential figure's counts in the
     * report are this window's: a window whose labels have not come yet would let an undecided accuracy be skipped
     * and the comparison promote on the next window's first report. A quantile's counts are its merged sketches'.
     */
    private static boolean hasData(JudgedMetric m, ComparedMetric figure, ComparisonState state) {
        return m.sequential() ? state.control(m).count() > 0 || state.candidate(m).count() > 0
            : figure.getControlCount() > 0 || figure.getCandidateCount() > 0;
    }

    /**
     * The variance of the cumulative difference. A proportion's is floored ({@link ProportionVariance} says why and
     * what it costs): the plug-in is 0 when no event failed or every one did, so a canary failing every request
     * against a flawless control was never judged, and too small for a small canary that happens to see few errors.
     */
    static double variance(JudgedMetric m, Tally control, Tally candidate) {
        return m.kind() == JudgedMetric.Kind.PROPORTION
            ? ProportionVariance.ofDifference(Math.round(control.sum()), control.count(), Math.round(candidate.sum()),
                candidate.count())
            : control.variance() / control.count() + candidate.variance() / candidate.count();
    }

    /** The mixture's scale: the margin (the difference worth finding fastest), or 5% of the control when it is 0. */
    static double tau(JudgedMetric m, double margin, Tally control) {
        return margin > 0 ? margin : Math.max(0.05 * Math.abs(control.mean()), 1e-6);
    }

    /**
     * A latency quantile: this window's figures and 95% interval of their difference (for reading), and
     * the verdict from both versions' sketches over every compared window, each quantile's interval at
     * 1 − α_j/2 for the j-th look (α_j = α/(j(j + 1))): WORSE when the candidate's lower bound exceeds
     * (1 + margin) × the control's upper bound, BETTER when the candidate's upper bound is below the
     * control's lower bound, NOT_WORSE when it is below (1 + margin) × the control's lower bound.
     */
    private static ComparedMetric quantile(JudgedMetric m, double margin, ComparisonSpec spec, ComparisonState state,
                                           VersionFigures ctrl, VersionFigures cand, Latencies latencies, double alpha) {
        double c = ctrl.quantile(m);
        double k = cand.quantile(m);
        double q = m.rank();
        QuantileDifference.Sketch sc = latencies.control();
        QuantileDifference.Sketch sk = latencies.candidate();
        ComparedMetric.Builder b = ComparedMetric.newBuilder()
            .setMetric(m.id())
            .setHigherIsBetter(false)
            .setControl(Double.isNaN(c) ? null : c)
            .setCandidate(Double.isNaN(k) ? null : k)
            .setControlCount(sc == null ? 0 : sc.count())
            .setCandidateCount(sk == null ? 0 : sk.count())
            .setMargin(margin)
            .setTest("quantile-interval; alpha-spending");
        if (!Double.isNaN(c) && !Double.isNaN(k)) {
            b.setDifference(k - c);
        }
        QuantileDifference.Sketch wc = latencies.windowControl();
        QuantileDifference.Sketch wk = latencies.windowCandidate();
        if (wc != null && wk != null) {
            QuantileDifference.Result r = QuantileDifference.compare(wc, wk, q, WINDOW_CONFIDENCE);
            b.setCiLow(r.ciLow()).setCiHigh(r.ciHigh());
        }
        if (sc == null || sk == null || sc.count() < spec.minSamples() || sk.count() < spec.minSamples()) {
            return b.setVerdict("TOO_FEW_SAMPLES").build();
        }
        b.setCumulativeDifference(sk.quantile(q) - sc.quantile(q));
        double confidence = 1 - lookAlpha(alpha, state.windowsCompared()) / 2;
        double[] cb = QuantileDifference.bounds(sc, q, confidence);
        double[] kb = QuantileDifference.bounds(sk, q, confidence);
        String verdict;
        if (kb[0] > (1 + margin) * cb[1]) {
            verdict = "WORSE";
        } else if (kb[1] < cb[0]) {
            verdict = "BETTER";
        } else if (kb[1] <= (1 + margin) * cb[0]) {
            verdict = "NOT_WORSE";
        } else {
            verdict = "UNDECIDED";
        }
        return b.setVerdict(verdict).build();
    }

    /** Both versions' latency sketches, over every compared window and of this window alone, decoded once per judgement. */
    private record Latencies(QuantileDifference.Sketch control, QuantileDifference.Sketch candidate,
                             QuantileDifference.Sketch windowControl, QuantileDifference.Sketch windowCandidate) {
        static Latencies of(ComparisonState state, VersionFigures ctrl, VersionFigures cand) {
            return new Latencies(VersionOutputs.latency(state.controlOutputs()), VersionOutputs.latency(state.candidateOutputs()),
                VersionOutputs.latency(ctrl.outputs()), VersionOutputs.latency(cand.outputs()));
        }
    }

    /** The share of a figure's α spent on the j-th look: α/(j(j + 1)), which sums to α over every look. */
    static double lookAlpha(double alpha, int look) {
        int j = Math.max(1, look);
        return alpha / ((double) j * (j + 1));
    }

    private static String quantileReason(JudgedMetric m, ComparisonSpec spec, ComparisonState state, Latencies latencies,
                                         String relation, double alpha) {
        QuantileDifference.Sketch sc = latencies.control();
        QuantileDifference.Sketch sk = latencies.candidate();
        return String.format(Locale.ROOT, "%s of %s is %s: %.1f ms vs %.1f ms over %d windows"
                + " (%d vs %d latencies, sketch intervals at alpha %.2g this window, %.2g over the comparison)",
            m.id(), spec.candidate(), relation, sk.quantile(m.rank()), sc.quantile(m.rank()), state.windowsCompared(),
            sk.count(), sc.count(), lookAlpha(alpha, state.windowsCompared()), alpha);
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
            .setDisagreementsLabelled(s.disagreementsLabelled())
            .setControlRight(s.controlRight())
            .setCandidateRight(s.candidateRight())
            .build();
    }
}
