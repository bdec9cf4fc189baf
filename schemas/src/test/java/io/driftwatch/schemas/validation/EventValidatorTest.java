package io.driftwatch.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.TestEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final EventValidator validator = new EventValidator(ValidationLimits.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    private static PredictionEvent prediction(Consumer<PredictionEvent> change) {
        PredictionEvent event = TestEvents.prediction();
        change.accept(event);
        return event;
    }

    private static OutcomeEvent outcome(Consumer<OutcomeEvent> change) {
        OutcomeEvent event = TestEvents.outcome();
        change.accept(event);
        return event;
    }

    private void rejected(PredictionEvent event, ValidationReason reason, String inMessage) {
        ValidationResult result = validator.validate(event);
        assertThat(result.isValid()).isFalse();
        assertThat(result.reason()).isEqualTo(reason);
        assertThat(result.message()).contains(inMessage);
    }

    private void rejected(OutcomeEvent event, ValidationReason reason, String inMessage) {
        ValidationResult result = validator.validate(event);
        assertThat(result.reason()).isEqualTo(reason);
        assertThat(result.message()).contains(inMessage);
    }

    private void accepted(PredictionEvent event) {
        assertThat(validator.validate(event)).isSameAs(ValidationResult.VALID);
    }

    @Test
    void acceptsWellFormedEventsWithTheSharedValidResult() {
        assertThat(validator.validate(TestEvents.prediction())).isSameAs(ValidationResult.VALID);
        assertThat(validator.validate(TestEvents.outcome())).isSameAs(ValidationResult.VALID);
        assertThat(ValidationResult.VALID.isValid()).isTrue();
    }

    @Test
    void idsMustBePresentShortAndTheModelIdFreeOfSlashes() {
        rejected(prediction(e -> e.setPredictionId("")), ValidationReason.MISSING_ID, "prediction_id is blank");
        rejected(prediction(e -> e.setPredictionId(" \t")), ValidationReason.MISSING_ID, "prediction_id is blank");
        rejected(prediction(e -> e.setPredictionId(null)), ValidationReason.MISSING_ID, "prediction_id is missing");
        rejected(prediction(e -> e.setModelVersion("")), ValidationReason.MISSING_ID, "model_version");
        accepted(prediction(e -> e.setPredictionId("x".repeat(256))));
        rejected(prediction(e -> e.setPredictionId("x".repeat(257))), ValidationReason.ID_TOO_LONG, "257 chars");
        rejected(prediction(e -> e.setModelVersion("v".repeat(257))), ValidationReason.ID_TOO_LONG, "model_version");
        rejected(prediction(e -> e.setModelId("team/fraud")), ValidationReason.INVALID_MODEL_ID, "'team/fraud' contains '/'");
        accepted(prediction(e -> e.setModelVersion("2026/11")));
        // Ids that would name another model's comparison chain, or the monitor's own chain, in the audit topic.
        rejected(prediction(e -> e.setModelId("fraud#comparisons")), ValidationReason.INVALID_MODEL_ID,
                "'fraud#comparisons' contains '#'");
        rejected(prediction(e -> e.setModelId("_driftwatch")), ValidationReason.INVALID_MODEL_ID,
                "is the name of Driftwatch's own audit chain");
        accepted(prediction(e -> e.setModelId("_driftwatch2")));
        accepted(prediction(e -> e.setModelVersion("v#2")));

        rejected(outcome(e -> e.setModelId("a/b")), ValidationReason.INVALID_MODEL_ID, "contains '/'");
        rejected(outcome(e -> e.setModelVersion(" ")), ValidationReason.MISSING_ID, "model_version");
        assertThat(validator.validate(outcome(e -> e.setModelVersion(null)))).isSameAs(ValidationResult.VALID);
    }

    @Test
    void eventTimeMustLieBetween2000AndTheAllowedSkewAfterNow() {
        // The generated setter refuses null (it truncates to millis); put() is how a null arrives.
        rejected(prediction(e -> e.put("event_time", null)), ValidationReason.MISSING_FIELD, "event_time is missing");
        accepted(prediction(e -> e.setEventTime(Instant.parse("2000-01-01T00:00:00Z"))));
        rejected(prediction(e -> e.setEventTime(Instant.parse("1999-12-31T23:59:59.999Z"))),
                ValidationReason.EVENT_TIME_TOO_EARLY, "before 2000-01-01T00:00:00Z");
        rejected(prediction(e -> e.setEventTime(Instant.ofEpochMilli(1_764_151_200L))),
                ValidationReason.EVENT_TIME_TOO_EARLY, "looks like seconds since the epoch");
        accepted(prediction(e -> e.setEventTime(NOW.plus(Duration.ofDays(1)))));
        rejected(prediction(e -> e.setEventTime(NOW.plus(Duration.ofDays(1)).plusMillis(1))),
                ValidationReason.EVENT_TIME_IN_FUTURE, "more than PT24H (maxFutureSkew) after now (2026-11-22T12:00:00Z)");
        rejected(prediction(e -> e.setEventTime(Instant.ofEpochMilli(NOW.toEpochMilli() * 1000))),
                ValidationReason.EVENT_TIME_IN_FUTURE, "looks like microseconds");
        rejected(outcome(e -> e.setEventTime(Instant.EPOCH)), ValidationReason.EVENT_TIME_TOO_EARLY, "1970-01-01");

        EventValidator lenient = new EventValidator(ValidationLimits.builder().maxFutureSkew(Duration.ofDays(7))
                .earliestEventTime(Instant.EPOCH).build(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(lenient.validate(prediction(e -> e.setEventTime(NOW.plus(Duration.ofDays(6)))))).isSameAs(ValidationResult.VALID);
        assertThat(lenient.validate(prediction(e -> e.setEventTime(Instant.EPOCH)))).isSameAs(ValidationResult.VALID);
    }

    @Test
    void featuresAreBoundedInNumberNameAndTextButMayBeNonFinite() {
        rejected(prediction(e -> e.setFeatures(null)), ValidationReason.MISSING_FIELD, "features is missing");
        accepted(prediction(e -> e.setFeatures(numbered(1000))));
        rejected(prediction(e -> e.setFeatures(numbered(1001))), ValidationReason.TOO_MANY_FEATURES, "1001 features");
        rejected(prediction(e -> e.getFeatures().put("", 1.0)), ValidationReason.INVALID_FEATURE_NAME, "empty name");
        accepted(prediction(e -> e.getFeatures().put("n".repeat(256), 1.0)));
        rejected(prediction(e -> e.getFeatures().put("n".repeat(257), 1.0)), ValidationReason.FEATURE_NAME_TOO_LONG, "257 chars");
        accepted(prediction(e -> e.getFeatures().put("text", "t".repeat(1024))));
        rejected(prediction(e -> e.getFeatures().put("text", "t".repeat(1025))),
                ValidationReason.FEATURE_VALUE_TOO_LONG, "feature 'text' has a string value of 1025 chars");
        rejected(prediction(e -> e.getFeatures().put("count", 3)), ValidationReason.FEATURE_VALUE_TYPE, "holds a Integer");
        accepted(prediction(e -> {
            e.getFeatures().put("nan", Double.NaN);
            e.getFeatures().put("inf", Double.POSITIVE_INFINITY);
            e.getFeatures().put("missing", null);
            e.getFeatures().put("flag", false);
        }));
    }

    @Test
    void predictionScoresAndProbabilitiesAreFiniteProbabilities() {
        rejected(prediction(e -> e.setPrediction(null)), ValidationReason.MISSING_FIELD, "prediction is missing");
        accepted(prediction(e -> e.getPrediction().setScore(0.0)));
        accepted(prediction(e -> e.getPrediction().setScore(1.0)));
        rejected(prediction(e -> e.getPrediction().setScore(1.0000001)), ValidationReason.OUT_OF_RANGE,
                "prediction.score is 1.0000001, outside [0, 1]");
        rejected(prediction(e -> e.getPrediction().setScore(-0.1)), ValidationReason.OUT_OF_RANGE, "prediction.score");
        rejected(prediction(e -> e.getPrediction().setScore(Double.NaN)), ValidationReason.NOT_FINITE, "prediction.score is NaN");
        rejected(prediction(e -> e.getPrediction().getProbabilities().put("2", 1.5)), ValidationReason.OUT_OF_RANGE,
                "prediction.probabilities['2'] is 1.5");
        rejected(prediction(e -> e.getPrediction().getProbabilities().put("2", Double.NEGATIVE_INFINITY)),
                ValidationReason.NOT_FINITE, "prediction.probabilities['2']");
        rejected(prediction(e -> e.getPrediction().getProbabilities().put("2", null)), ValidationReason.NOT_FINITE, "is null");
        rejected(prediction(e -> e.getPrediction().setProbabilities(probabilities(1001))), ValidationReason.TOO_MANY_CLASSES,
                "1001 classes");
        accepted(prediction(e -> e.getPrediction().setProbabilities(probabilities(1000))));
        rejected(prediction(e -> e.getPrediction().getProbabilities().put("c".repeat(257), 0.0)), ValidationReason.VALUE_TOO_LONG,
                "class name");
        rejected(prediction(e -> e.getPrediction().setLabel("l".repeat(257))), ValidationReason.VALUE_TOO_LONG, "prediction.label");
        rejected(prediction(e -> e.getPrediction().setValue(Double.POSITIVE_INFINITY)), ValidationReason.NOT_FINITE,
                "prediction.value is Infinity");
        accepted(prediction(e -> e.getPrediction().setValue(-1e300)));
    }

    @Test
    void latencyAndErrorMessageAreBounded() {
        accepted(prediction(e -> e.setLatencyMs(0.0)));
        accepted(prediction(e -> e.setLatencyMs(null)));
        rejected(prediction(e -> e.setLatencyMs(-0.5)), ValidationReason.NEGATIVE_LATENCY, "latency_ms is -0.5");
        rejected(prediction(e -> e.setLatencyMs(Double.NaN)), ValidationReason.NOT_FINITE, "latency_ms is NaN");
        accepted(prediction(e -> e.setErrorMessage("e".repeat(4096))));
        rejected(prediction(e -> e.setErrorMessage("e".repeat(4097))), ValidationReason.VALUE_TOO_LONG, "error_message has 4097 chars");
    }

    @Test
    void segmentsAreBoundedInNumberAndLength() {
        accepted(prediction(e -> e.setSegments(segments(32))));
        rejected(prediction(e -> e.setSegments(segments(33))), ValidationReason.TOO_MANY_SEGMENTS, "33 segments");
        rejected(prediction(e -> e.getSegments().put("s".repeat(257), "x")), ValidationReason.VALUE_TOO_LONG, "segment name");
        rejected(prediction(e -> e.getSegments().put("region", "r".repeat(257))), ValidationReason.VALUE_TOO_LONG,
                "segment 'region' has 257 chars");
        rejected(prediction(e -> e.getSegments().put("region", null)), ValidationReason.VALUE_TOO_LONG, "null value");
    }

    @Test
    void deploymentRoleIsOneOfTheFourRolesOrNull() {
        for (String role : new String[] {null, "primary", "canary", "shadow", "variant"}) {
            accepted(prediction(e -> e.setDeploymentRole(role)));
        }
        rejected(prediction(e -> e.setDeploymentRole("Canary")), ValidationReason.UNKNOWN_DEPLOYMENT_ROLE,
                "not one of primary, canary, shadow, variant");
        rejected(prediction(e -> e.setDeploymentRole("blue")), ValidationReason.UNKNOWN_DEPLOYMENT_ROLE, "'blue'");
    }

    @Test
    void aRequestIdWhenPresentIsANonBlankBoundedId() {
        accepted(prediction(e -> e.setRequestId("r-1")));
        accepted(prediction(e -> e.setRequestId(null)));
        rejected(prediction(e -> e.setRequestId(" ")), ValidationReason.MISSING_ID, "request_id is blank");
        rejected(prediction(e -> e.setRequestId("r".repeat(257))), ValidationReason.ID_TOO_LONG, "request_id has 257 chars");
    }

    @Test
    void anOutcomeNeedsAFiniteValueOrALabel() {
        rejected(outcome(e -> e.setLabel(null)), ValidationReason.MISSING_FIELD, "needs a label");
        assertThat(validator.validate(outcome(e -> {
            e.setLabel(null);
            e.setValue(3.5);
        }))).isSameAs(ValidationResult.VALID);
        rejected(outcome(e -> e.setValue(Double.NaN)), ValidationReason.NOT_FINITE, "value is NaN");
        rejected(outcome(e -> e.setLabel("x".repeat(257))), ValidationReason.VALUE_TOO_LONG, "label has 257 chars");
        rejected(outcome(e -> e.setPredictionId("")), ValidationReason.MISSING_ID, "prediction_id");
    }

    @Test
    void reportsTheFirstRuleBroken() {
        PredictionEvent twice = prediction(e -> {
            e.setModelId("a/b");
            e.setLatencyMs(-1.0);
        });
        assertThat(validator.validate(twice).reason()).isEqualTo(ValidationReason.INVALID_MODEL_ID);
    }

    @Test
    void limitsAreConfigurableAndChecked() {
        ValidationLimits defaults = ValidationLimits.defaults();
        assertThat(defaults.maxIdLength()).isEqualTo(256);
        assertThat(defaults.maxFeatures()).isEqualTo(1000);
        assertThat(defaults.maxFeatureNameLength()).isEqualTo(256);
        assertThat(defaults.maxFeatureStringLength()).isEqualTo(1024);
        assertThat(defaults.maxSegments()).isEqualTo(32);
        assertThat(defaults.maxFutureSkew()).isEqualTo(Duration.ofDays(1));
        assertThat(defaults.earliestEventTime()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(defaults.toBuilder().build()).isEqualTo(defaults);

        ValidationLimits tight = ValidationLimits.builder().maxFeatures(2).maxIdLength(3).build();
        EventValidator strict = new EventValidator(tight, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(strict.validate(TestEvents.prediction()).reason()).isEqualTo(ValidationReason.ID_TOO_LONG);
        assertThat(strict.validate(prediction(e -> {
            e.setPredictionId("p");
            e.setModelId("m");
            e.setModelVersion("v");
        })).reason()).isEqualTo(ValidationReason.TOO_MANY_FEATURES);

        assertThatThrownBy(() -> ValidationLimits.builder().maxSegments(0).build()).hasMessageContaining("maxSegments");
        assertThatThrownBy(() -> ValidationLimits.builder().maxFutureSkew(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("maxFutureSkew");
        assertThatThrownBy(() -> new ValidationResult(ValidationReason.NOT_FINITE, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, Object> numbered(int count) {
        Map<String, Object> features = new HashMap<>();
        for (int i = 0; i < count; i++) {
            features.put("f" + i, (double) i);
        }
        return features;
    }

    private static Map<String, Double> probabilities(int count) {
        Map<String, Double> probabilities = new HashMap<>();
        for (int i = 0; i < count; i++) {
            probabilities.put("c" + i, 1.0 / count);
        }
        return probabilities;
    }

    private static Map<String, String> segments(int count) {
        Map<String, String> segments = new HashMap<>();
        for (int i = 0; i < count; i++) {
            segments.put("s" + i, "v");
        }
        return segments;
    }
}
