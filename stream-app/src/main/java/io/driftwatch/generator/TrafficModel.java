package io.driftwatch.generator;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Generates the traffic of one model ({@link ModelSpec}): features, the model's prediction as a
 * function of them, operations (latency, errors), segments, and the delayed true outcome, with the
 * model's scenarios applied by event time. Deterministic: the same spec, seed and start give the
 * same events for the same sequence of event times.
 *
 * <p>Randomness comes from separate streams split from the seed, one per concern: features, true
 * outcomes, operations (errors and latency), label coverage and delay, segments, versions, ids, and
 * the drift's own draws. A scenario that changes one concern therefore leaves every other stream,
 * and so every other field, exactly as it would have been without it: concept drift changes only
 * outcome labels, a fairness gap only scores of one group, latency degradation only latency and
 * the error flag.
 *
 * <p>Not thread-safe: one thread drives a model (as {@link TrafficGenerator} does).
 */
public final class TrafficModel {

    private static final double GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

    private final ModelSpec spec;
    private final Instant start;
    private final Marginal.Sampler[] samplers;
    private final double[][] classLoadings;
    private final DiscreteDistribution regions;
    private final DiscreteDistribution groups;
    private final String[] regionNames;
    private final String[] groupNames;
    private final List<Scenario.InputDrift> inputDrifts = new ArrayList<>();
    private final List<Scenario.LatencyDegradation> degradations = new ArrayList<>();
    private final List<Scenario.ConceptDrift> conceptDrifts = new ArrayList<>();
    private final List<Scenario.FairnessGap> fairnessGaps = new ArrayList<>();
    private final List<Scenario.Rollout> rollouts = new ArrayList<>();
    private final List<Scenario.MissingValues> outages = new ArrayList<>();
    private final int[] conceptFeature;

    private final SplittableRandom featureRandom;
    private final SplittableRandom truthRandom;
    private final SplittableRandom opsRandom;
    private final SplittableRandom labelRandom;
    private final SplittableRandom segmentRandom;
    private final SplittableRandom versionRandom;
    private final SplittableRandom idRandom;
    private final SplittableRandom driftRandom;
    private final SplittableRandom rolloutRandom;
    private final SplittableRandom outageRandom;

    /**
     * @param spec  the model
     * @param seed  seed of every random stream of this model
     * @param start the start of generation: scenario times count from it
     */
    public TrafficModel(ModelSpec spec, long seed, Instant start) {
        this.spec = spec;
        this.start = start;
        List<FeatureSpec> features = spec.features();
        samplers = new Marginal.Sampler[features.size()];
        for (int i = 0; i < samplers.length; i++) {
            samplers[i] = features.get(i).marginal().sampler();
        }
        int k = spec.classes().size();
        classLoadings = new double[features.size()][];
        if (spec.type() == PredictionType.MULTICLASS) {
            for (int f = 0; f < features.size(); f++) {
                classLoadings[f] = new double[k];
                for (int c = 0; c < k; c++) {
                    classLoadings[f][c] = Math.cos(f * GOLDEN_ANGLE + 2 * Math.PI * c / k);
                }
            }
        }
        regionNames = spec.segments().regions().keySet().toArray(String[]::new);
        groupNames = spec.segments().groups().keySet().toArray(String[]::new);
        regions = new DiscreteDistribution(spec.segments().regions().values().stream().mapToDouble(Double::doubleValue).toArray());
        groups = new DiscreteDistribution(spec.segments().groups().values().stream().mapToDouble(Double::doubleValue).toArray());
        for (Scenario s : spec.scenarios()) {
            if (s instanceof Scenario.InputDrift d) {
                inputDrifts.add(d);
            } else if (s instanceof Scenario.LatencyDegradation d) {
                degradations.add(d);
            } else if (s instanceof Scenario.ConceptDrift d) {
                conceptDrifts.add(d);
            } else if (s instanceof Scenario.FairnessGap d) {
                fairnessGaps.add(d);
            } else if (s instanceof Scenario.Rollout r) {
                rollouts.add(r);
            } else if (s instanceof Scenario.MissingValues m) {
                outages.add(m);
            }
        }
        // Canaries and variants take their share first; a shadow then mirrors what the primary still serves.
        rollouts.sort(java.util.Comparator.comparing(r -> r.split().kind() == DeploymentSplit.Kind.SHADOW));
        conceptFeature = conceptDrifts.stream().mapToInt(d -> spec.featureNames().indexOf(d.feature())).toArray();
        SplittableRandom root = new SplittableRandom(seed);
        // Split order is part of the determinism contract: append new streams at the end.
        featureRandom = root.split();
        truthRandom = root.split();
        opsRandom = root.split();
        labelRandom = root.split();
        segmentRandom = root.split();
        versionRandom = root.split();
        idRandom = root.split();
        driftRandom = root.split();
        rolloutRandom = root.split();
        outageRandom = root.split();
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Generates the next event of this model, made at {@code eventTime}. */
    public GeneratedEvent next(Instant eventTime) {
        long offset = Duration.between(start, eventTime).toMillis();
        String version = spec.versions().size() == 1 ? spec.versions().get(0)
            : spec.versions().get(versionRandom.nextInt(spec.versions().size()));
        Map<String, String> segments = new LinkedHashMap<>(4);
        segments.put(SegmentSpec.REGION, regionNames[regions.sample(segmentRandom)]);
        String group = groupNames[groups.sample(segmentRandom)];
        segments.put(SegmentSpec.GROUP, group);

        List<FeatureSpec> features = spec.features();
        Map<String, Object> values = new HashMap<>(features.size() * 2);
        Object[] drawn = new Object[features.size()];
        for (int f = 0; f < drawn.length; f++) {
            FeatureSpec feature = features.get(f);
            // Both draws always happen, so that the feature stream does not depend on the missing rate.
            boolean missing = featureRandom.nextDouble() < feature.missingRate();
            Object value = applyInputDrift(feature, samplers[f].sample(featureRandom), offset);
            drawn[f] = missing || lostToOutage(feature, offset) ? null : value;
            values.put(feature.name(), drawn[f]);
        }

        double errorRate = spec.errorRate();
        double latencyFactor = 1;
        for (Scenario.LatencyDegradation d : degradations) {
            double progress = d.progress(offset);
            errorRate += d.addedErrorRate() * progress;
            latencyFactor *= 1 + (d.latencyMultiplier() - 1) * progress;
        }
        boolean error = opsRandom.nextDouble() < errorRate;
        double latency = spec.latency().sample(opsRandom) * latencyFactor;

        double truthUniform = truthRandom.nextDouble();
        double truthGaussian = spec.type() == PredictionType.REGRESSION ? truthRandom.nextGaussian() : 0;
        boolean covered = labelRandom.nextDouble() < spec.labels().coverage();
        long delay = spec.labels().delayMillis(labelRandom.nextGaussian());
        String id = new UUID(idRandom.nextLong() & 0xffffffffffff0fffL | 0x4000L,
            idRandom.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();

        double conceptFlip = conceptFlip(drawn, offset);
        Prediction prediction;
        String trueLabel = null;
        Double trueValue = null;
        switch (spec.type()) {
            case BINARY -> {
                double eta = linearPredictor(drawn);
                double score = sigmoid(eta - fairnessPenalty(group, offset));
                prediction = new Prediction(score >= 0.5 ? ModelSpec.POSITIVE : ModelSpec.NEGATIVE, score, null, null);
                double p = sigmoid(eta);
                p += conceptFlip * (1 - 2 * p);
                trueLabel = truthUniform < p ? ModelSpec.POSITIVE : ModelSpec.NEGATIVE;
            }
            case MULTICLASS -> {
                double[] probabilities = softmax(classLogits(drawn));
                Map<String, Double> byClass = new LinkedHashMap<>();
                int best = 0;
                for (int c = 0; c < probabilities.length; c++) {
                    byClass.put(spec.classes().get(c), probabilities[c]);
                    if (probabilities[c] > probabilities[best]) {
                        best = c;
                    }
                }
                prediction = new Prediction(spec.classes().get(best), null, byClass, null);
                double[] truth = new double[probabilities.length];
                for (int c = 0; c < truth.length; c++) {
                    int previous = (c - 1 + truth.length) % truth.length;
                    truth[c] = (1 - conceptFlip) * probabilities[c] + conceptFlip * probabilities[previous];
                }
                trueLabel = spec.classes().get(new DiscreteDistribution(truth).indexOf(truthUniform));
            }
            case REGRESSION -> {
                double eta = linearPredictor(drawn);
                prediction = new Prediction(null, null, null, eta);
                trueValue = eta + spec.noiseSd() * (truthGaussian + 3 * conceptFlip);
            }
            default -> throw new IllegalStateException("unknown prediction type " + spec.type());
        }

        String errorMessage = null;
        if (error) {
            prediction = new Prediction(null, null, null, null);
            errorMessage = latency > 3 * spec.latency().medianMs()
                ? "upstream timeout after " + Math.round(latency) + " ms"
                : "feature store lookup failed";
        }
        PredictionEvent event = new PredictionEvent(id, spec.modelId(), version, eventTime, values, prediction,
            latency, error, errorMessage, segments, null, null);
        OutcomeEvent outcome = null;
        if (covered && !error) {
            outcome = new OutcomeEvent(id, spec.modelId(), version, eventTime.plusMillis(delay), trueLabel, trueValue);
        }
        GeneratedEvent generated = new GeneratedEvent(event, outcome);
        for (Scenario.Rollout r : rollouts) {
            if (offset >= r.start().toMillis()) {
                generated = r.split().apply(generated, r.candidateVersion(), spec.classes(), rolloutRandom);
            }
        }
        return generated;
    }

    /** Whether a missing-values scenario takes this feature's value away; draws only while one acts on it. */
    private boolean lostToOutage(FeatureSpec feature, long offset) {
        boolean lost = false;
        for (Scenario.MissingValues m : outages) {
            if (offset >= m.start().toMillis() && feature.name().equals(m.feature())) {
                lost |= outageRandom.nextDouble() < m.share();
            }
        }
        return lost;
    }

        private Object applyInputDrift(FeatureSpec feature, Object value, long offset) {
        for (Scenario.InputDrift d : inputDrifts) {
            if (offset < d.start().toMillis()) {
                continue;
            }
            Marginal m = feature.marginal();
            if (m.numeric()) {
                Double shift = d.meanShiftSd().get(feature.name());
                Double factor = d.sdFactor().get(feature.name());
                if (shift != null || factor != null) {
                    double x = (Double) value;
                    if (factor != null) {
                        x = m.spread(x, factor);
                    }
                    if (shift != null) {
                        x += shift * m.scale();
                    }
                    value = m.clamp(x);
                }
            } else if (feature.name().equals(d.categoricalFeature()) && driftRandom.nextDouble() < d.newCategoryShare()) {
                value = d.newCategory();
            }
        }
        return value;
    }

    private double linearPredictor(Object[] drawn) {
        double eta = spec.intercept();
        List<FeatureSpec> features = spec.features();
        for (int f = 0; f < drawn.length; f++) {
            if (drawn[f] != null && features.get(f).weight() != 0) {
                eta += features.get(f).weight() * samplers[f].signal(drawn[f]);
            }
        }
        return eta;
    }

    private double[] classLogits(Object[] drawn) {
        double[] logits = new double[spec.classes().size()];
        List<FeatureSpec> features = spec.features();
        for (int f = 0; f < drawn.length; f++) {
            double w = features.get(f).weight();
            if (drawn[f] != null && w != 0) {
                double contribution = w * samplers[f].signal(drawn[f]);
                for (int c = 0; c < logits.length; c++) {
                    logits[c] += contribution * classLoadings[f][c];
                }
            }
        }
        return logits;
    }

    /** The combined flip probability of the concept drifts whose region holds these inputs now. */
    private double conceptFlip(Object[] drawn, long offset) {
        double keep = 1;
        for (int i = 0; i < conceptDrifts.size(); i++) {
            Scenario.ConceptDrift d = conceptDrifts.get(i);
            Object v = drawn[conceptFeature[i]];
            if (offset >= d.start().toMillis() && v instanceof Double x && x > d.threshold()) {
                keep *= 1 - d.flipProbability();
            }
        }
        return 1 - keep;
    }

    private double fairnessPenalty(String group, long offset) {
        double penalty = 0;
        for (Scenario.FairnessGap d : fairnessGaps) {
            if (offset >= d.start().toMillis() && d.disadvantagedGroup().equals(group)) {
                penalty += d.logitPenalty();
            }
        }
        return penalty;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
