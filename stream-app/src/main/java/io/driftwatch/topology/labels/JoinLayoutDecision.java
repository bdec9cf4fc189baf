package io.driftwatch.topology.labels;

import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import io.driftwatch.ingest.KeyRule;
import java.util.function.Function;

/**
 * The label join's layout the topology runs, decided at start-up from {@code labels.join.layout} and the
 * input topics' partition counts, and why (the start-up log says it).
 *
 * @param layout     {@link JoinLayout#CO_PARTITIONED}, {@link JoinLayout#CO_PARTITIONED_STRICT} or
 *                   {@link JoinLayout#REPARTITION}, never AUTO
 * @param partitions partitions of the input topics (of the label-join topic when co-partitioned); 0 if unknown
 * @param reason     a sentence for the log
 */
public record JoinLayoutDecision(JoinLayout layout, int partitions, String reason) {

    /** What a topology built without knowing its topics runs (topology tests): the repartitioned path. */
    public static JoinLayoutDecision unknownTopics() {
        return new JoinLayoutDecision(JoinLayout.REPARTITION, 0, "the input topics' partition counts are unknown");
    }

    /** Whether predictions and outcomes are joined in the task that reads them. */
    public boolean coPartitioned() {
        return layout == JoinLayout.CO_PARTITIONED || layout == JoinLayout.CO_PARTITIONED_STRICT;
    }

    /** Whether a record not keyed by its prediction id is refused at ingest rather than re-keyed. */
    public boolean refusesOtherKeys() {
        return layout == JoinLayout.CO_PARTITIONED_STRICT;
    }

    /** What ingest requires of the key of a prediction or an outcome under this layout. */
    public <T> KeyRule<T> keyRule(Function<T, String> predictionId) {
        return refusesOtherKeys() ? PredictionIdKey.required(predictionId) : KeyRule.anyKey();
    }

    /**
     * Decides from the configured layout and the topics' partition counts (0 when a topic could not be described).
     *
     * @throws IllegalArgumentException when {@code co-partitioned} or {@code co-partitioned-strict} is configured but
     *                                  the topics cannot be co-partitioned; the message names the key and the fix
     */
    public static JoinLayoutDecision decide(JoinLayout configured, String predictionsTopic, int predictionPartitions,
                                            String outcomesTopic, int outcomePartitions) {
        String counts = predictionsTopic + " has " + describe(predictionPartitions) + " and " + outcomesTopic + " "
            + describe(outcomePartitions);
        boolean same = predictionPartitions > 0 && predictionPartitions == outcomePartitions;
        switch (configured) {
            case REPARTITION:
                return new JoinLayoutDecision(JoinLayout.REPARTITION, predictionPartitions,
                    "labels.join.layout=repartition: every prediction and outcome is re-keyed by prediction id through the label-join topic");
            case CO_PARTITIONED:
            case CO_PARTITIONED_STRICT:
                String setting = "labels.join.layout=" + configured.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                if (!same) {
                    throw new IllegalArgumentException(setting + ", but " + counts
                        + "; give both topics the same partition count, or set labels.join.layout=auto or repartition.");
                }
                return new JoinLayoutDecision(configured, predictionPartitions, setting + " and " + counts + "; "
                    + (configured == JoinLayout.CO_PARTITIONED ? REKEYED : REFUSED));
            default:
                return same
                    ? new JoinLayoutDecision(JoinLayout.CO_PARTITIONED, predictionPartitions, "labels.join.layout=auto and "
                        + counts + "; " + REKEYED)
                    : new JoinLayoutDecision(JoinLayout.REPARTITION, predictionPartitions, "labels.join.layout=auto and "
                        + counts + ", so they cannot be co-partitioned: every record is re-keyed through the label-join topic");
        }
    }

    private static final String REKEYED = "records not keyed by their prediction id are re-keyed through the label-join topic";
    private static final String REFUSED = "records not keyed by their prediction id go to the dead-letter topic as "
        + PredictionIdKey.REASON + ", and there is no label-join topic";

    private static String describe(int partitions) {
        return partitions > 0 ? partitions + (partitions == 1 ? " partition" : " partitions") : "an unknown number of partitions";
    }
}
