package io.driftwatch.schemas.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The bounds {@link EventValidator} holds input events to. The defaults are generous for real
 * models and keep one absurd event from costing the monitor memory: a feature map of a million
 * entries, a megabyte-long category.
 *
 * @param maxIdLength longest prediction_id, model_id, model_version (default 256 chars)
 * @param maxFeatures most features per event (1000)
 * @param maxFeatureNameLength longest feature name (256)
 * @param maxFeatureStringLength longest string feature value (1024)
 * @param maxSegments most segment attributes per event (32)
 * @param maxSegmentLength longest segment name or value (256)
 * @param maxClasses most entries in prediction.probabilities (1000)
 * @param maxLabelLength longest predicted or true label, and class name in probabilities (256)
 * @param maxErrorMessageLength longest error_message (4096)
 * @param earliestEventTime earliest event_time taken (2000-01-01T00:00:00Z)
 * @param maxFutureSkew how far past the validator's clock an event_time may lie (1 day)
 */
public record ValidationLimits(
        int maxIdLength,
        int maxFeatures,
        int maxFeatureNameLength,
        int maxFeatureStringLength,
        int maxSegments,
        int maxSegmentLength,
        int maxClasses,
        int maxLabelLength,
        int maxErrorMessageLength,
        Instant earliestEventTime,
        Duration maxFutureSkew) {

    public ValidationLimits {
        positive("maxIdLength", maxIdLength);
        positive("maxFeatures", maxFeatures);
        positive("maxFeatureNameLength", maxFeatureNameLength);
        positive("maxFeatureStringLength", maxFeatureStringLength);
        positive("maxSegments", maxSegments);
        positive("maxSegmentLength", maxSegmentLength);
        positive("maxClasses", maxClasses);
        positive("maxLabelLength", maxLabelLength);
        positive("maxErrorMessageLength", maxErrorMessageLength);
        Objects.requireNonNull(earliestEventTime, "earliestEventTime");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must not be negative, was " + maxFutureSkew);
        }
    }

    /** The documented defaults. */
    public static ValidationLimits defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxIdLength = maxIdLength;
        b.maxFeatures = maxFeatures;
        b.maxFeatureNameLength = maxFeatureNameLength;
        b.maxFeatureStringLength = maxFeatureStringLength;
        b.maxSegments = maxSegments;
        b.maxSegmentLength = maxSegmentLength;
        b.maxClasses = maxClasses;
        b.maxLabelLength = maxLabelLength;
        b.maxErrorMessageLength = maxErrorMessageLength;
        b.earliestEventTime = earliestEventTime;
        b.maxFutureSkew = maxFutureSkew;
        return b;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Builds limits from the defaults, changing what is set. */
    public static final class Builder {
        private int maxIdLength = 256;
        private int maxFeatures = 1000;
        private int maxFeatureNameLength = 256;
        private int maxFeatureStringLength = 1024;
        private int maxSegments = 32;
        private int maxSegmentLength = 256;
        private int maxClasses = 1000;
        private int maxLabelLength = 256;
        private int maxErrorMessageLength = 4096;
        private Instant earliestEventTime = Instant.parse("2000-01-01T00:00:00Z");
        private Duration maxFutureSkew = Duration.ofDays(1);

        private Builder() {}

        public Builder maxIdLength(int value) {
            maxIdLength = value;
            return this;
        }

        public Builder maxFeatures(int value) {
            maxFeatures = value;
            return this;
        }

        public Builder maxFeatureNameLength(int value) {
            maxFeatureNameLength = value;
            return this;
        }

        public Builder maxFeatureStringLength(int value) {
            maxFeatureStringLength = value;
            return this;
        }

        public Builder maxSegments(int value) {
            maxSegments = value;
            return this;
        }

        public Builder maxSegmentLength(int value) {
            maxSegmentLength = value;
            return this;
        }

        public Builder maxClasses(int value) {
            maxClasses = value;
            return this;
        }

        public Builder maxLabelLength(int value) {
            maxLabelLength = value;
            return this;
        }

        public Builder maxErrorMessageLength(int value) {
            maxErrorMessageLength = value;
            return this;
        }

        public Builder earliestEventTime(Instant value) {
            earliestEventTime = value;
            return this;
        }

        public Builder maxFutureSkew(Duration value) {
            maxFutureSkew = value;
            return this;
        }

        public ValidationLimits build() {
            return new ValidationLimits(maxIdLength, maxFeatures, maxFeatureNameLength, maxFeatureStringLength, maxSegments,
                    maxSegmentLength, maxClasses, maxLabelLength, maxErrorMessageLength, earliestEventTime, maxFutureSkew);
        }
    }
}
