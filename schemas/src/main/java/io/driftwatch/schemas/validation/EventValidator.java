package io.driftwatch.schemas.validation;

import static io.driftwatch.schemas.validation.ValidationResult.invalid;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.serde.CompactMap;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Checks decoded input events against the rules and {@link ValidationLimits} every event must
 * meet, whether it arrived as Avro or JSON, and reports the first rule broken.
 *
 * <p>Rules, in the order they are checked:
 * <ul>
 *   <li>{@code prediction_id}, {@code model_id}, {@code model_version} (and an outcome's
 *       {@code model_version} when present) are not blank and at most {@code maxIdLength} chars;
 *       {@code model_id} has no '/' (Driftwatch keys are {@code model_id/model_version}) and no '#', and is
 *       not {@code _driftwatch} (see {@link #modelIdProblem}).</li>
 *   <li>{@code event_time} is set, not before {@code earliestEventTime}, and not more than
 *       {@code maxFutureSkew} after the clock's now.</li>
 *   <li>At most {@code maxFeatures} features; names not empty and at most
 *       {@code maxFeatureNameLength}; values null, double, string (at most
 *       {@code maxFeatureStringLength}) or boolean. NaN and infinite feature values are allowed:
 *       the monitor counts them as non-finite.</li>
 *   <li>{@code prediction}: score and each probability finite and in [0, 1] (probabilities are not
 *       required to sum to 1), at most {@code maxClasses} classes, value finite, label and class
 *       names at most {@code maxLabelLength}.</li>
 *   <li>{@code latency_ms} finite and ≥ 0; {@code error_message} at most
 *       {@code maxErrorMessageLength}.</li>
 *   <li>At most {@code maxSegments} segments; names and values at most {@code maxSegmentLength}.</li>
 *   <li>An outcome has a label or a value; a value is finite; a label at most {@code maxLabelLength}.</li>
 * </ul>
 *
 * <p>Runs per event: a valid event allocates nothing and throws nothing. Thread-safe.
 */
public final class EventValidator {

    /** The monitor's own audit chain (dead-letter summaries), which no model may take. */
    public static final String SYSTEM_CHAIN = "_driftwatch";

    private static final int SHOWN_CHARS = 40;
    private static final long SECONDS_2100 = 4_102_444_800L;
    private static final long MILLIS_2100 = SECONDS_2100 * 1000;

    private final ValidationLimits limits;
    private final Clock clock;

    public EventValidator(ValidationLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ValidationLimits limits() {
        return limits;
    }

    /** {@link ValidationResult#VALID}, or the first rule {@code event} breaks. */
    public ValidationResult validate(PredictionEvent event) {
        ValidationResult result;
        if ((result = id("prediction_id", event.getPredictionId())) != null
                || (result = modelId(event.getModelId())) != null
                || (result = id("model_version", event.getModelVersion())) != null
                || (result = eventTime(event.getEventTime())) != null
                || (result = features(event.getFeatures())) != null
                || (result = prediction(event.getPrediction())) != null
                || (result = latency(event.getLatencyMs())) != null
                || (result = text("error_message", event.getErrorMessage(), limits.maxErrorMessageLength(),
                        "maxErrorMessageLength")) != null
                || (result = segments(event.getSegments())) != null
                || (event.getRequestId() != null && (result = id("request_id", event.getRequestId())) != null)
                || (result = deploymentRole(event.getDeploymentRole())) != null) {
            return result;
        }
        return ValidationResult.VALID;
    }

    /** The roles a comparison understands; a typo would otherwise make a canary count as the primary. */
    private static final java.util.Set<String> DEPLOYMENT_ROLES = java.util.Set.of("primary", "canary", "shadow", "variant");

    private ValidationResult deploymentRole(String role) {
        if (role == null || DEPLOYMENT_ROLES.contains(role)) {
            return null;
        }
        return invalid(ValidationReason.UNKNOWN_DEPLOYMENT_ROLE, "deployment_role " + shown(role)
                + " is not one of primary, canary, shadow, variant; leave it null for the primary");
    }

    /** {@link ValidationResult#VALID}, or the first rule {@code event} breaks. */
    public ValidationResult validate(OutcomeEvent event) {
        ValidationResult result;
        if ((result = id("prediction_id", event.getPredictionId())) != null
                || (result = modelId(event.getModelId())) != null
                || (event.getModelVersion() != null && (result = id("model_version", event.getModelVersion())) != null)
                || (result = eventTime(event.getEventTime())) != null
                || (result = outcome(event.getLabel(), event.getValue())) != null) {
            return result;
        }
        return ValidationResult.VALID;
    }

    private ValidationResult id(String field, String value) {
        if (value == null || value.isBlank()) {
            return invalid(ValidationReason.MISSING_ID, field + " is " + (value == null ? "missing" : "blank")
                    + "; every event needs a non-empty " + field);
        }
        if (value.length() > limits.maxIdLength()) {
            return invalid(ValidationReason.ID_TOO_LONG, field + " has " + value.length() + " chars, more than the limit of "
                    + limits.maxIdLength() + " (maxIdLength): " + shown(value));
        }
        return null;
    }

    private ValidationResult modelId(String value) {
        ValidationResult result = id("model_id", value);
        String problem = result == null ? modelIdProblem(value) : null;
        return problem == null ? result : invalid(ValidationReason.INVALID_MODEL_ID, "model_id " + shown(value) + " " + problem);
    }

    /**
     * Why a model id that is otherwise a valid id cannot be used, or null. Model ids name keys and audit chains:
     * '/' separates model and version in keys, {@code <model>#comparisons} is the chain of a model's comparisons,
     * and {@code _driftwatch} is the monitor's own chain; an id that could be read as one of those would write into
     * another chain.
     */
    public static String modelIdProblem(String value) {
        if (value.indexOf('/') >= 0) {
            return "contains '/', which separates model id and version in Driftwatch's keys; use another character"
                    + " (e.g. '.' or '-')";
        }
        if (value.indexOf('#') >= 0) {
            return "contains '#', which names the audit chain of a model's comparisons (<model>#comparisons); use another"
                    + " character (e.g. '.' or '-')";
        }
        if (value.equals(SYSTEM_CHAIN)) {
            return "is the name of Driftwatch's own audit chain; use another id";
        }
        return null;
    }

    private ValidationResult eventTime(Instant time) {
        if (time == null) {
            return invalid(ValidationReason.MISSING_FIELD, "event_time is missing");
        }
        if (time.isBefore(limits.earliestEventTime())) {
            long millis = time.toEpochMilli();
            String hint = millis > 0 && millis < SECONDS_2100
                    && Instant.ofEpochSecond(millis).isAfter(limits.earliestEventTime())
                            ? "; it looks like seconds since the epoch: send milliseconds" : "";
            return invalid(ValidationReason.EVENT_TIME_TOO_EARLY, "event_time " + time + " is before "
                    + limits.earliestEventTime() + " (earliestEventTime)" + hint);
        }
        long latest = clock.millis() + limits.maxFutureSkew().toMillis();
        if (time.toEpochMilli() > latest) {
            long millis = time.toEpochMilli();
            String hint = millis / 1000 < MILLIS_2100 && millis / 1000 > limits.earliestEventTime().toEpochMilli()
                    ? "; it looks like microseconds since the epoch: send milliseconds" : "";
            return invalid(ValidationReason.EVENT_TIME_IN_FUTURE, "event_time " + time + " is more than "
                    + limits.maxFutureSkew() + " (maxFutureSkew) after now (" + Instant.ofEpochMilli(clock.millis())
                    + "); check the producer's clock" + hint);
        }
        return null;
    }

    private ValidationResult features(Map<String, Object> features) {
        if (features == null) {
            return invalid(ValidationReason.MISSING_FIELD, "features is missing; send an empty map for a model without inputs");
        }
        if (features.size() > limits.maxFeatures()) {
            return invalid(ValidationReason.TOO_MANY_FEATURES, features.size() + " features, more than the limit of "
                    + limits.maxFeatures() + " (maxFeatures)");
        }
        if (features instanceof CompactMap<Object> decoded) {
            // The decoder's map, by position: no entry objects, and its numbers are not boxed to be looked at.
            for (int i = 0; i < decoded.size(); i++) {
                ValidationResult result = feature(decoded.keyAt(i), decoded.isDoubleAt(i) ? null : decoded.valueAt(i));
                if (result != null) {
                    return result;
                }
            }
            return null;
        }
        for (Map.Entry<String, Object> feature : features.entrySet()) {
            ValidationResult result = feature(feature.getKey(), feature.getValue());
            if (result != null) {
                return result;
            }
        }
        return null;
    }

    /** One feature; a double's value is not needed, as every double is a valid feature value. */
    private ValidationResult feature(String name, Object value) {
        if (name == null || name.isEmpty()) {
            return invalid(ValidationReason.INVALID_FEATURE_NAME, "a feature has an empty name");
        }
        if (name.length() > limits.maxFeatureNameLength()) {
            return invalid(ValidationReason.FEATURE_NAME_TOO_LONG, "feature name " + shown(name) + " has " + name.length()
                    + " chars, more than the limit of " + limits.maxFeatureNameLength() + " (maxFeatureNameLength)");
        }
        if (value == null || value instanceof Double || value instanceof Boolean) {
            return null;
        }
        if (value instanceof CharSequence text) {
            if (text.length() > limits.maxFeatureStringLength()) {
                return invalid(ValidationReason.FEATURE_VALUE_TOO_LONG, "feature " + shown(name) + " has a string value of "
                        + text.length() + " chars, more than the limit of " + limits.maxFeatureStringLength()
                        + " (maxFeatureStringLength)");
            }
            return null;
        }
        return invalid(ValidationReason.FEATURE_VALUE_TYPE, "feature " + shown(name) + " holds a "
                + value.getClass().getSimpleName() + "; feature values are double, string, boolean or null");
    }

    private ValidationResult prediction(Prediction prediction) {
        if (prediction == null) {
            return invalid(ValidationReason.MISSING_FIELD, "prediction is missing; send an empty prediction for a failed request");
        }
        ValidationResult result = text("prediction.label", prediction.getLabel(), limits.maxLabelLength(), "maxLabelLength");
        if (result != null) {
            return result;
        }
        Double score = prediction.getScore();
        if (score != null && !isProbability(score)) {
            return notAProbability("prediction.score", score);
        }
        Map<String, Double> probabilities = prediction.getProbabilities();
        if (probabilities != null) {
            if (probabilities.size() > limits.maxClasses()) {
                return invalid(ValidationReason.TOO_MANY_CLASSES, "prediction.probabilities has " + probabilities.size()
                        + " classes, more than the limit of " + limits.maxClasses() + " (maxClasses)");
            }
            for (Map.Entry<String, Double> entry : probabilities.entrySet()) {
                String label = entry.getKey();
                if ((result = text("a class name in prediction.probabilities", label, limits.maxLabelLength(), "maxLabelLength")) != null) {
                    return result;
                }
                Double probability = entry.getValue();
                if (probability == null) {
                    return invalid(ValidationReason.NOT_FINITE, "prediction.probabilities[" + shown(label) + "] is null");
                }
                if (!isProbability(probability)) {
                    return notAProbability("prediction.probabilities[" + shown(label) + "]", probability);
                }
            }
        }
        return finite("prediction.value", prediction.getValue());
    }

    private ValidationResult latency(Double latencyMs) {
        ValidationResult result = finite("latency_ms", latencyMs);
        if (result == null && latencyMs != null && latencyMs < 0) {
            return invalid(ValidationReason.NEGATIVE_LATENCY, "latency_ms is " + latencyMs + "; a latency cannot be negative");
        }
        return result;
    }

    private ValidationResult segments(Map<String, String> segments) {
        if (segments == null) {
            return null;
        }
        if (segments.size() > limits.maxSegments()) {
            return invalid(ValidationReason.TOO_MANY_SEGMENTS, segments.size() + " segments, more than the limit of "
                    + limits.maxSegments() + " (maxSegments)");
        }
        for (Map.Entry<String, String> segment : segments.entrySet()) {
            ValidationResult result = text("segment name", segment.getKey(), limits.maxSegmentLength(), "maxSegmentLength");
            if (result != null) {
                return result;
            }
            String value = segment.getValue();
            if (value == null) {
                return invalid(ValidationReason.VALUE_TOO_LONG, "segment " + shown(segment.getKey()) + " has a null value");
            }
            if (value.length() > limits.maxSegmentLength()) {
                return text("segment " + shown(segment.getKey()), value, limits.maxSegmentLength(), "maxSegmentLength");
            }
        }
        return null;
    }

    private ValidationResult outcome(String label, Double value) {
        if (label == null && value == null) {
            return invalid(ValidationReason.MISSING_FIELD, "an outcome needs a label (classifiers) or a value (regression); both are null");
        }
        ValidationResult result = text("label", label, limits.maxLabelLength(), "maxLabelLength");
        return result != null ? result : finite("value", value);
    }

    private static boolean isProbability(double value) {
        return value >= 0.0 && value <= 1.0;
    }

    private static ValidationResult notAProbability(String field, double value) {
        if (!Double.isFinite(value)) {
            return invalid(ValidationReason.NOT_FINITE, field + " is " + value + "; it must be a finite number in [0, 1]");
        }
        return invalid(ValidationReason.OUT_OF_RANGE, field + " is " + value + ", outside [0, 1]");
    }

    private static ValidationResult finite(String field, Double value) {
        if (value != null && !Double.isFinite(value)) {
            return invalid(ValidationReason.NOT_FINITE, field + " is " + value + "; it must be a finite number or null");
        }
        return null;
    }

    private static ValidationResult text(String field, String value, int limit, String limitName) {
        if (value != null && value.length() > limit) {
            return invalid(ValidationReason.VALUE_TOO_LONG, field + " has " + value.length() + " chars, more than the limit of "
                    + limit + " (" + limitName + "): " + shown(value));
        }
        return null;
    }

    private static String shown(String value) {
        return "'" + (value.length() <= SHOWN_CHARS ? value : value.substring(0, SHOWN_CHARS) + "…") + "'";
    }
}
