package io.driftwatch.generator;

import java.util.Locale;

/** What a generated model predicts. */
public enum PredictionType {
    /** Probability of the positive class "1" (a calibrated score) and the label at threshold 0.5. */
    BINARY,
    /** Probability per class (softmax) and the most probable class. */
    MULTICLASS,
    /** A number: the model's linear predictor; the truth adds Gaussian noise. */
    REGRESSION;

    /** Parses "binary", "multiclass" or "regression", any case. */
    public static PredictionType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown prediction type '" + text + "'; use binary, multiclass or regression", e);
        }
    }
}
