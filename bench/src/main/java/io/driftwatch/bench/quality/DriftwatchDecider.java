package io.driftwatch.bench.quality;

import io.driftwatch.alerting.AlertStateStore;
import io.driftwatch.alerting.Rule;
import io.driftwatch.alerting.RuleEngine;
import io.driftwatch.alerting.RuleSet;
import io.driftwatch.baseline.BaselineSummaries;
import io.driftwatch.baseline.ReferenceProfileFactory;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.generator.GeneratedEvent;
import io.driftwatch.performance.ClassificationAccumulator;
import io.driftwatch.performance.DetectorSet;
import io.driftwatch.performance.WindowQuality;
import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.profile.WindowKey;
import io.driftwatch.profile.WindowLayout;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.report.BaselineChoice;
import io.driftwatch.report.QualityBaseline;
import io.driftwatch.report.QualitySections;
import io.driftwatch.report.WindowReportBuilder;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Driftwatch's decision on one model's windows, made offline by the classes the topology's merge stage
 * uses, in the same order: the window's {@link WindowProfile}, the {@link WindowReportBuilder} against
 * the baseline with the rules' significance policy, the quality section (every labelled event of the
 * window joined, as once the label horizon has passed) with the reference's quality as baseline, the
 * segments and fairness figures, the
 * concept-drift detectors fed with each labelled event's error, and the {@link RuleEngine} with its
 * alert states carried from window to window.
 */
final class DriftwatchDecider {

    /** Revisions of each window that bring its labels; 0: every label is in the window's first report. */
    private static final int LABEL_REVISIONS = Integer.getInteger("bench.quality.label.revisions", 0);
    /** Whether the monitor knows when labels are complete ({@code labels.complete.after}): with the last part. */
    private static final boolean LABELS_COMPLETE = Boolean.getBoolean("bench.quality.labels.complete");

    private final DriftwatchConfig config;
    private final RuleSet rules;
    private final WindowReportBuilder reports;
    private final QualitySections quality;
    private final BaselineChoice baseline;
    private final QualityBaseline referenceQuality;
    private final RuleEngine engine;
    private final AlertStateStore states = AlertStateStore.inMemory();
    /** The rule of each alert firing after the last window, by fingerprint. */
    private final Map<String, String> firingNow = new HashMap<>();
    /** The transitions of the last window, for {@code bench.quality.trace}. */
    private final List<Alert> lastTransitions = new ArrayList<>();
    /** The last report of the last window, for {@code bench.quality.trace}. */
    private WindowReport lastReport;
    private final DetectorSet detectors;
    private final ClassificationAccumulator.Config classification;

    DriftwatchDecider(DriftwatchConfig config, RuleSet rules, List<GeneratedEvent> referenceEvents) {
        this.config = config;
        this.rules = rules;
        this.reports = new WindowReportBuilder(config.drift(), AgreedWindowLayout.of(WindowLayout.of(WindowStream.WINDOW)));
        this.quality = new QualitySections(config.fairness());
        this.classification = new ClassificationAccumulator.Config(config.profile().positiveLabel(),
            config.labels().negativeLabel(), 100, 1000, config.profile().decisionThreshold());
        WindowProfile profile = new WindowProfile(config.profile());
        WindowQuality q = newQuality();
        for (GeneratedEvent e : referenceEvents) {
            profile.add(e.prediction());
            join(q, e, null);
        }
        // A regression model's labels are not joined here (values, not classes): no quality baseline, no quality rules.
        Map<String, Double> baselineQuality = q.classifier() == null ? Map.of()
            : q.classifier().metrics().map(m -> m.toMetricMap()).orElse(Map.of());
        ReferenceProfile reference = ReferenceProfileFactory.fromProfile(model(referenceEvents), "1", profile,
            BaselineSource.TRAINING_DATA, "benchmark reference", WindowStream.START, baselineQuality);
        // As `baseline create` records it: the labelled rows the quality was measured on.
        reference.setBaselineQualityCount(baselineQuality.isEmpty() ? null : q.classifier().count());
        this.referenceQuality = QualityBaseline.ofReference(baselineQuality, reference.getBaselineQualityCount());
        this.baseline = new BaselineChoice(new BaselineSummaries(reference), false);
        this.engine = new RuleEngine(rules, Clock.fixed(WindowStream.START, ZoneOffset.UTC));
        this.detectors = DetectorSet.create(config.labels().detectors(), false);
    }

    /**
     * The names of the rules that started firing in this window, on its first report or on any of its
     * revisions: with {@code bench.quality.label.revisions} = K &gt; 0 the window's labels arrive in
     * K + 1 equal parts by event order, the first before the window's report, each other in a revision
     * of it (as late labels revise a window in the topology: same drift figures, new quality, segments
     * and fairness, the concept-drift results of the first report). The detectors see each part when it
     * arrives, so what they see after the report shows in the next window's. With
     * {@code bench.quality.labels.complete=true} the report of the last part says the labels are complete,
     * as {@code labels.complete.after} makes the topology say once its delay has passed.
     */
    Set<String> evaluate(long windowStart, List<GeneratedEvent> events) {
        WindowProfile profile = new WindowProfile(config.profile());
        events.forEach(e -> profile.add(e.prediction()));
        WindowQuality q = newQuality();
        int parts = LABEL_REVISIONS + 1;
        lastTransitions.clear();
        WindowReport report = null;
        for (int part = 0; part < parts; part++) {
            for (GeneratedEvent e : events.subList(events.size() * part / parts, events.size() * (part + 1) / parts)) {
                join(q, e, detectors);
            }
            if (report == null) {
                WindowKey key = new WindowKey(model(events), "1", windowStart);
                Instant closed = Instant.ofEpochMilli(windowStart + WindowStream.WINDOW.toMillis());
                report = reports.build(key, profile, baseline, 0, closed, rules.significancePolicy());
                report.setEstimatedQuality(quality.estimated(profile.estimator()));
                report.setConceptDrift(QualitySections.conceptDrift(detectors.reportAndReset()));
            } else {
                report = WindowReport.newBuilder(report).setRevision(part).build();
            }
            Boolean complete = LABELS_COMPLETE ? part == parts - 1 : null;
            report.setQuality(quality.quality(q, profile.events(), referenceQuality, report.getQuality(), complete));
            // Segments and fairness as the merge stage sets them: without them disparate-impact is never judged.
            io.driftwatch.performance.SegmentAccumulator segments = QualitySections.combined(profile.segments(), q.segments());
            report.setSegments(quality.segments(segments));
            report.setFairness(quality.fairness(segments));
            for (Alert alert : engine.evaluate(report, states)) {
                lastTransitions.add(alert);
                if (alert.getStatus() == AlertStatus.FIRING) {
                    firingNow.put(alert.getFingerprint(), alert.getRule());
                } else {
                    firingNow.remove(alert.getFingerprint());
                }
            }
        }
        lastReport = report;
        return lastTransitions.stream().filter(a -> a.getStatus() == AlertStatus.FIRING).map(Alert::getRule)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The alerts that fired or resolved in the last window, in the order the rules emitted them. */
    List<Alert> lastTransitions() {
        return List.copyOf(lastTransitions);
    }

    WindowReport lastReport() {
        return lastReport;
    }

    /** The rules with an alert firing after the last window, once each. */
    Set<String> firingRules() {
        return Set.copyOf(firingNow.values());
    }

    /** The rule's category label (drift, quality, operations, fairness). */
    String category(String rule) {
        return rules.rule(rule).map(Rule::labels).map(l -> l.getOrDefault("category", "")).orElse("");
    }

    private WindowQuality newQuality() {
        return new WindowQuality(classification, config.profile().segmentAttributes(), config.profile().maxSegmentValues());
    }

    private static void join(WindowQuality q, GeneratedEvent e, DetectorSet detectors) {
        OutcomeEvent o = e.outcome();
        PredictionEvent p = e.prediction();
        Prediction prediction = p.getPrediction();
        if (o == null || prediction == null || prediction.getLabel() == null) {
            return;
        }
        q.addClassification(prediction.getLabel(), prediction.getScore(), prediction.getProbabilities(), o.getLabel(),
            p.getSegments());
        if (detectors != null) {
            detectors.update(prediction.getLabel().equals(o.getLabel()) ? 0.0 : 1.0);
        }
    }

    private static String model(List<GeneratedEvent> events) {
        return events.get(0).prediction().getModelId();
    }
}
