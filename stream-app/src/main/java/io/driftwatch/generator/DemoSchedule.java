package io.driftwatch.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The five models of {@code driftwatch demo}, each with one story, played at once:
 * <ul>
 *   <li>{@code credit-scorer} (binary): input drift at 2:00;</li>
 *   <li>{@code delivery-eta} (regression): latency degrades from 3:00 over two minutes, with errors;</li>
 *   <li>{@code churn-predictor} (binary): concept drift at 2:00, visible only through labels;</li>
 *   <li>{@code loan-approval} (binary): a fairness gap against group B from 1:30;</li>
 *   <li>{@code fraud-detector} (binary): a shadow v3 scores every request from
 *       the start, and from 1:30 a worse v2 is canaried at 10% of the traffic, to be rolled back.</li>
 * </ul>
 * At {@code speed} s every scenario time and label delay is divided by s (speed 4: input drift at
 * 0:30); event times stay real time, so windows are as configured. {@link #changes()} lists what
 * happens when, for the demo console.
 */
public final class DemoSchedule {

    /** Total predictions per second the demo is meant to run at, about 50 per model (plus the fraud detector's shadow). */
    public static final double DEFAULT_RATE = 250;

    /** When the fraud detector's canary starts, at speed 1. */
    public static final Duration CANARY_START = Duration.ofSeconds(90);

    private final double speed;
    private final List<ModelSpec> models;

    private DemoSchedule(double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("demo speed " + speed + " must be a finite number > 0");
        }
        this.speed = speed;
        this.models = List.of(creditScorer(), deliveryEta(), churnPredictor(), loanApproval(), fraudDetector()).stream()
            .map(m -> speed == 1 ? m : m.scaled(speed)).toList();
    }

    /** The demo at real speed. */
    public static DemoSchedule standard() {
        return new DemoSchedule(1);
    }

    /** The demo with every scenario time and label delay divided by {@code speed}. */
    public static DemoSchedule withSpeed(double speed) {
        return new DemoSchedule(speed);
    }

    public double speed() {
        return speed;
    }

    public List<ModelSpec> models() {
        return models;
    }

    /** A generator of the demo's traffic. */
    public TrafficGenerator generator(long seed, Instant start) {
        return new TrafficGenerator(models, seed, start);
    }

    /** What happens when: each model's start, then every scheduled change, in time order. */
    public List<ScheduledChange> changes() {
        List<ScheduledChange> all = new ArrayList<>();
        for (ModelSpec m : models) {
            all.add(new ScheduledChange(Duration.ZERO, m.modelId(), ScenarioKind.STATIONARY.id(), String.format(Locale.ROOT,
                "%s model v%s starts: %d features, %.0f%% of outcomes after ~%s",
                m.type().name().toLowerCase(Locale.ROOT), m.versions().get(0), m.features().size(),
                100 * m.labels().coverage(), ScheduledChange.format(m.labels().medianDelay()))));
            all.addAll(m.changes());
        }
        all.sort(Comparator.comparing(ScheduledChange::at));
        return List.copyOf(all);
    }

    /** Binary credit-default scorer; its inputs drift at 2:00. */
    public static ModelSpec creditScorer() {
        return ModelSpec.builder("credit-scorer", PredictionType.BINARY)
            .versions("2024.06")
            .feature(FeatureSpec.logNormal("income", 52_000, 0.5).withMissingRate(0.02).withWeight(-0.8))
            .feature(FeatureSpec.logNormal("loan_amount", 12_000, 0.8).withWeight(0.5))
            .feature(FeatureSpec.boundedInteger("age", 18, 90, 41, 13).withWeight(-0.3))
            .feature(FeatureSpec.normal("credit_utilization", 0.35, 0.15, 0, 1).withWeight(0.9))
            .feature(FeatureSpec.normal("debt_to_income", 0.28, 0.1, 0, 1.5).withWeight(0.6))
            .feature(FeatureSpec.boundedInteger("open_accounts", 0, 30, 6, 3).withMissingRate(0.01).withWeight(0.1))
            .feature(FeatureSpec.categorical("employment_type",
                List.of("salaried", "self_employed", "contractor", "retired", "student"), 1.2).withWeight(0.4))
            .feature(FeatureSpec.bool("has_mortgage", 0.35).withWeight(-0.2))
            .baseRate(0.2)
            .latency(new LatencySpec(8, 0.4))
            .errorRate(0.002)
            .labels(new LabelSpec(0.6, Duration.ofSeconds(60), 0.5))
            .scenario(new Scenario.InputDrift(Duration.ofMinutes(2), Map.of("credit_utilization", 1.5),
                Map.of("debt_to_income", 2.0), "employment_type", "gig_worker", 0.25))
            .build();
    }

    /**
     * Regression of delivery time in minutes; its latency degrades from 3:00 to 5:00, ten-fold, so the
     * 99th percentile crosses the default 500 ms rule (median 35 ms to 350 ms).
     */
    public static ModelSpec deliveryEta() {
        return ModelSpec.builder("delivery-eta", PredictionType.REGRESSION)
            .versions("7")
            .feature(FeatureSpec.logNormal("distance_km", 4, 0.6).withWeight(6))
            .feature(FeatureSpec.boundedInteger("items", 1, 20, 3, 2).withWeight(2))
            .feature(FeatureSpec.normal("prep_time_min", 12, 4, 2, 60).withWeight(4))
            .feature(FeatureSpec.boundedInteger("hour_of_day", 0, 23, 14, 5).withWeight(1))
            .feature(FeatureSpec.categorical("weather", List.of("clear", "cloudy", "rain", "snow", "fog"), 1.5).withWeight(3))
            .feature(FeatureSpec.bool("is_peak", 0.3).withWeight(3))
            .feature(FeatureSpec.normal("courier_rating", 4.6, 0.3, 1, 5).withMissingRate(0.05).withWeight(-1))
            .intercept(32)
            .noiseSd(4)
            .latency(new LatencySpec(35, 0.35))
            .errorRate(0.005)
            .labels(new LabelSpec(0.95, Duration.ofSeconds(45), 0.3))
            .scenario(new Scenario.LatencyDegradation(Duration.ofMinutes(3), Duration.ofMinutes(2), 10, 0.10))
            .build();
    }

    /** Binary churn classifier; for customers with tenure over 24 months the truth changes at 2:00. */
    public static ModelSpec churnPredictor() {
        return ModelSpec.builder("churn-predictor", PredictionType.BINARY)
            .versions("3")
            .feature(FeatureSpec.boundedInteger("tenure_months", 0, 72, 28, 18).withWeight(-1.0))
            .feature(FeatureSpec.normal("monthly_charges", 65, 25, 18, 130).withWeight(0.6))
            .feature(FeatureSpec.boundedInteger("support_tickets", 0, 12, 1, 1.5).withWeight(0.8))
            .feature(FeatureSpec.categorical("contract", List.of("month-to-month", "one-year", "two-year"), 1.0).withWeight(-0.8))
            .feature(FeatureSpec.categorical("plan", List.of("basic", "standard", "premium", "family"), 0.8).withWeight(0.2))
            .feature(FeatureSpec.bool("paperless_billing", 0.6).withWeight(0.3))
            .feature(FeatureSpec.logNormal("days_since_login", 3, 0.9).withMissingRate(0.03).withWeight(0.7))
            .baseRate(0.25)
            .latency(new LatencySpec(15, 0.4))
            .errorRate(0.003)
            .labels(new LabelSpec(0.9, Duration.ofSeconds(20), 0.4))
            .scenario(new Scenario.ConceptDrift(Duration.ofMinutes(2), "tenure_months", 24, 0.8))
            .build();
    }

    /**
     * Binary card-fraud classifier ("1" = fraud). A shadow v3 scores
     * every request v1 serves from the start and disagrees on 3% of them; from 1:30 a canary v2 takes
     * 10% of the traffic, makes 4.5% of v1's right predictions wrong (about 4 accuracy points at its
     * ~90% accuracy) and is 40% slower. The demo declares both comparisons (DemoCommand's
     * comparisons file); Driftwatch should roll v2 back, on latency first.
     */
    public static ModelSpec fraudDetector() {
        return ModelSpec.builder("fraud-detector", PredictionType.BINARY)
            .versions("1")
            .feature(FeatureSpec.logNormal("amount", 45, 1.1).withWeight(0.9))
            .feature(FeatureSpec.logNormal("distance_from_home_km", 8, 1.0).withMissingRate(0.02).withWeight(0.7))
            .feature(FeatureSpec.boundedInteger("transactions_24h", 0, 60, 4, 3).withWeight(0.6))
            .feature(FeatureSpec.boundedInteger("account_age_days", 0, 3650, 900, 700).withWeight(-0.5))
            .feature(FeatureSpec.categorical("merchant_category",
                List.of("grocery", "fuel", "online_retail", "travel", "electronics", "gambling"), 1.1).withWeight(0.5))
            .feature(FeatureSpec.bool("card_present", 0.7).withWeight(-0.8))
            .baseRate(0.1)
            .latency(new LatencySpec(30, 0.25))
            .errorRate(0.002)
            .labels(new LabelSpec(0.7, Duration.ofSeconds(30), 0.4))
            .scenario(new Scenario.Rollout(Duration.ZERO,
                new DeploymentSplit(DeploymentSplit.Kind.SHADOW, 1.0, 0.03, 1.0), "3"))
            .scenario(new Scenario.Rollout(CANARY_START,
                new DeploymentSplit(DeploymentSplit.Kind.CANARY_REGRESSION, 0.10, 0.045, 1.4), "2"))
            .build();
    }

    /** Binary loan approval ("1" = approve); from 1:30 group B's scores are biased down. */
    public static ModelSpec loanApproval() {
        return ModelSpec.builder("loan-approval", PredictionType.BINARY)
            .versions("1.4")
            .feature(FeatureSpec.logNormal("annual_income", 60_000, 0.55).withMissingRate(0.01).withWeight(0.9))
            .feature(FeatureSpec.boundedInteger("credit_score", 300, 850, 690, 70).withWeight(1.2))
            .feature(FeatureSpec.logNormal("loan_amount", 20_000, 0.7).withWeight(-0.6))
            .feature(FeatureSpec.boundedInteger("employment_years", 0, 40, 7, 6).withWeight(0.4))
            .feature(FeatureSpec.categorical("purpose",
                List.of("debt_consolidation", "home_improvement", "car", "business", "education", "medical"), 1.0).withWeight(0.3))
            .feature(FeatureSpec.bool("has_cosigner", 0.15).withWeight(0.3))
            .baseRate(0.55)
            .latency(new LatencySpec(25, 0.45))
            .errorRate(0.002)
            .labels(new LabelSpec(0.8, Duration.ofSeconds(30), 0.5))
            .scenario(new Scenario.FairnessGap(Duration.ofSeconds(90), "B", 1.0))
            .build();
    }
}
