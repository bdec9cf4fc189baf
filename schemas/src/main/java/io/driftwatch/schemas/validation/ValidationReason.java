package io.driftwatch.schemas.validation;

/** Why an input event was rejected, as a stable code for metrics and dead-letter headers. */
public enum ValidationReason {
    /** A required field is null: event_time, features, prediction; or an outcome with neither label nor value. */
    MISSING_FIELD,
    /** An id (prediction_id, model_id, model_version) is empty or blank. */
    MISSING_ID,
    /** An id is longer than {@link ValidationLimits#maxIdLength()}. */
    ID_TOO_LONG,
    /** model_id contains '/', which separates model id and version in Driftwatch's keys. */
    INVALID_MODEL_ID,
    /** event_time is before {@link ValidationLimits#earliestEventTime()}. */
    EVENT_TIME_TOO_EARLY,
    /** event_time is further in the future than {@link ValidationLimits#maxFutureSkew()}. */
    EVENT_TIME_IN_FUTURE,
    /** NaN or an infinity where a number is required (score, probability, value, latency). */
    NOT_FINITE,
    /** A score or probability outside [0, 1]. */
    OUT_OF_RANGE,
    /** latency_ms below 0. */
    NEGATIVE_LATENCY,
    /** More features than {@link ValidationLimits#maxFeatures()}. */
    TOO_MANY_FEATURES,
    /** A feature name is empty. */
    INVALID_FEATURE_NAME,
    /** A feature name is longer than {@link ValidationLimits#maxFeatureNameLength()}. */
    FEATURE_NAME_TOO_LONG,
    /** A string feature value is longer than {@link ValidationLimits#maxFeatureStringLength()}. */
    FEATURE_VALUE_TOO_LONG,
    /** A feature value is not a double, string, boolean or null. */
    FEATURE_VALUE_TYPE,
    /** More class probabilities than {@link ValidationLimits#maxClasses()}. */
    TOO_MANY_CLASSES,
    /** More segments than {@link ValidationLimits#maxSegments()}. */
    TOO_MANY_SEGMENTS,
    /** A label, class name, segment name or value, or error message longer than its limit, or a null segment value. */
    VALUE_TOO_LONG,
    /** deployment_role is not one of primary, canary, shadow, variant (or null). */
    UNKNOWN_DEPLOYMENT_ROLE
}
