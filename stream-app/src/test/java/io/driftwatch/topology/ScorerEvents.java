package io.driftwatch.topology;

import io.driftwatch.baseline.ReferenceProfileFactory;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import java.time.Instant;
import java.util.Map;

/**
 * The events of {@code scorer} version 1, a binary model that always scores 0.9 (predicts 1) on one feature, x = 0.9,
 * and its reference: for topology tests of its quality, where nothing drifts and only the outcomes say how it does.
 */
final class ScorerEvents {

    private ScorerEvents() {
    }

    static PredictionEvent prediction(String id, long time) {
        return PredictionEvent.newBuilder().setPredictionId(id).setModelId("scorer").setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(time)).setFeatures(Map.of("x", 0.9))
            .setPrediction(Prediction.newBuilder().setScore(0.9).build()).build();
    }

    /**
     * A reference of scorer/1 made at {@code createdAt} from 1,000 of its predictions a minute before the rig's start (so
     * no window drifts), with
     * {@code accuracy} measured on {@code labelled} labelled rows.
     */
    static ReferenceProfile reference(long createdAt, double accuracy, long labelled) {
        WindowProfile rows = new WindowProfile(DriftwatchConfig.from(Map.of()).profile());
        for (int i = 0; i < 1000; i++) {
            rows.add(prediction("ref" + i, MinuteWindowsRig.T0 - 60_000));
        }
        ReferenceProfile reference = ReferenceProfileFactory.fromProfile("scorer", "1", rows,
            BaselineSource.TRAINING_DATA, "train.csv", Instant.ofEpochMilli(createdAt), Map.of("accuracy", accuracy));
        reference.setBaselineQualityCount(labelled);
        return reference;
    }
}
