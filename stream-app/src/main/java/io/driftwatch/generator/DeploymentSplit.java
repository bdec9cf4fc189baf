package io.driftwatch.generator;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How a model's traffic is deployed across two versions, with a known effect on the candidate, for
 * the comparison scenarios ({@code docs/generator.md}, {@code docs/comparisons.md}). The generated
 * model's own version is the primary (control); the candidate is the next version ("1" → "2").
 * Effects on labels apply to classifiers; for regression only latency and roles change.
 *
 * @param kind      the deployment
 * @param share     the candidate's share of the traffic (canary, A/B); a shadow scores every request
 * @param effect    the size of the candidate's effect (see {@link Kind})
 * @param slowdown  the candidate's latency factor
 */
public record DeploymentSplit(Kind kind, double share, double effect, double slowdown) {

    public DeploymentSplit {
        // Copying events with their builders loads the schema classes by name, which Avro allows only for trusted ones.
        io.driftwatch.schemas.AvroClassTrust.trustSchemaClasses();
    }

    public enum Kind {
        /** The candidate gets {@code share} of the traffic; its accuracy is the primary's × (1 − effect). */
        CANARY_REGRESSION("canary-regression"),
        /** Every request is scored by a shadow too (same request_id); their labels disagree in {@code effect} of requests. */
        SHADOW("shadow"),
        /** Two variants split the traffic; the candidate's wrong predictions are right in {@code effect} of cases. */
        AB_BETTER("ab-better");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The kind named {@code text}, or null when it names none (e.g. a drift scenario). */
        public static Kind parseOrNull(String text) {
            String normalized = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Kind k : values()) {
                if (k.id.equals(normalized)) {
                    return k;
                }
            }
            return null;
        }
    }

    /**
     * The documented defaults at intensity 1: a 10% canary 5% less accurate (4 points at 80%
     * accuracy) and 40% slower; a shadow agreeing on 97% of requests; a 50/50 A/B test whose
     * candidate fixes 30% of the primary's mistakes.
     */
    public static DeploymentSplit of(Kind kind, double intensity) {
        return switch (kind) {
            case CANARY_REGRESSION -> new DeploymentSplit(kind, 0.10, Math.min(1, 0.05 * intensity), 1 + 0.4 * intensity);
            case SHADOW -> new DeploymentSplit(kind, 1.0, Math.min(1, 0.03 * intensity), 1.0);
            case AB_BETTER -> new DeploymentSplit(kind, 0.5, Math.min(1, 0.3 * intensity), 1.0);
        };
    }

    /** The candidate version of a primary version: the next integer, or {@code <version>-candidate}. */
    public static String candidateOf(String version) {
        try {
            return Long.toString(Long.parseLong(version) + 1);
        } catch (NumberFormatException e) {
            return version + "-candidate";
        }
    }

    GeneratedEvent apply(GeneratedEvent event, List<String> classes, SplittableRandom random) {
        return apply(event, candidateOf(event.prediction().getModelVersion()), classes, random);
    }

    /**
     * The event as this deployment serves it, {@code candidate} being the candidate version. An event
     * another rollout already gave to a candidate (its role is not primary) is left as it is.
     */
    GeneratedEvent apply(GeneratedEvent event, String candidate, List<String> classes, SplittableRandom random) {
        PredictionEvent primary = event.prediction();
        String role = primary.getDeploymentRole();
        if (role != null && !role.equals("primary")) {
            return event;
        }
        String truth = event.outcome() == null ? null : event.outcome().getLabel();
        return switch (kind) {
            case CANARY_REGRESSION, AB_BETTER -> {
                if (random.nextDouble() >= share) {
                    PredictionEvent control = PredictionEvent.newBuilder(primary)
                        .setDeploymentRole("primary").build();
                    yield new GeneratedEvent(control, event.outcome(), event.shadow());
                }
                PredictionEvent.Builder b = PredictionEvent.newBuilder(primary)
                    .setModelVersion(candidate)
                    .setDeploymentRole(kind == Kind.AB_BETTER ? "variant" : "canary");
                if (primary.getLatencyMs() != null) {
                    b.setLatencyMs(primary.getLatencyMs() * slowdown);
                }
                String label = primary.getPrediction() == null ? null : primary.getPrediction().getLabel();
                boolean act = random.nextDouble() < effect;
                if (label != null && truth != null && act) {
                    if (kind == Kind.CANARY_REGRESSION && label.equals(truth)) {
                        b.setPrediction(relabel(primary.getPrediction(), wrong(truth, classes)));
                    } else if (kind == Kind.AB_BETTER && !label.equals(truth)) {
                        b.setPrediction(relabel(primary.getPrediction(), truth));
                    }
                }
                OutcomeEvent outcome = event.outcome() == null ? null
                    : OutcomeEvent.newBuilder(event.outcome()).setModelVersion(candidate).build();
                yield new GeneratedEvent(b.build(), outcome);
            }
            case SHADOW -> {
                PredictionEvent live = PredictionEvent.newBuilder(primary).setDeploymentRole("primary")
                    .setRequestId(primary.getPredictionId()).build();
                PredictionEvent.Builder shadow = PredictionEvent.newBuilder(primary)
                    .setPredictionId(primary.getPredictionId() + "-shadow")
                    .setModelVersion(candidate)
                    .setDeploymentRole("shadow")
                    .setRequestId(primary.getPredictionId());
                String label = primary.getPrediction() == null ? null : primary.getPrediction().getLabel();
                if (label != null && random.nextDouble() < effect) {
                    shadow.setPrediction(relabel(primary.getPrediction(), wrong(label, classes)));
                }
                yield new GeneratedEvent(live, event.outcome(), shadow.build());
            }
        };
    }

    /** A class other than {@code label}: for a binary model the other one. */
    private static String wrong(String label, List<String> classes) {
        for (String c : classes) {
            if (!c.equals(label)) {
                return c;
            }
        }
        return label;
    }

    /** The prediction with another label; a binary score moves to the other side of 0.5 with it. */
    private static Prediction relabel(Prediction p, String label) {
        Prediction copy = Prediction.newBuilder(p).setLabel(label).build();
        if (p.getScore() != null && !label.equals(p.getLabel())) {
            copy.setScore(1 - p.getScore());
        }
        return copy;
    }
}
