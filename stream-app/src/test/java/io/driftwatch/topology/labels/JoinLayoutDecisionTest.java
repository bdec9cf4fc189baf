package io.driftwatch.topology.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import org.junit.jupiter.api.Test;

class JoinLayoutDecisionTest {

    @Test
    void autoIsCoPartitionedOnlyWhenBothTopicsHaveTheSameKnownPartitionCount() {
        JoinLayoutDecision same = JoinLayoutDecision.decide(JoinLayout.AUTO, "predictions", 6, "outcomes", 6);
        assertThat(same.layout()).isEqualTo(JoinLayout.CO_PARTITIONED);
        assertThat(same.partitions()).isEqualTo(6);
        assertThat(same.reason()).contains("predictions has 6 partitions and outcomes 6 partitions");

        JoinLayoutDecision different = JoinLayoutDecision.decide(JoinLayout.AUTO, "predictions", 6, "outcomes", 3);
        assertThat(different.layout()).isEqualTo(JoinLayout.REPARTITION);
        assertThat(different.reason()).contains("cannot be co-partitioned");

        JoinLayoutDecision unknown = JoinLayoutDecision.decide(JoinLayout.AUTO, "predictions", 0, "outcomes", 0);
        assertThat(unknown.layout()).isEqualTo(JoinLayout.REPARTITION);
        assertThat(unknown.reason()).contains("unknown number of partitions");
    }

    @Test
    void configuredLayoutsAreKeptAndAnImpossibleCoPartitioningIsAConfigurationError() {
        assertThat(JoinLayoutDecision.decide(JoinLayout.REPARTITION, "p", 4, "o", 4).layout()).isEqualTo(JoinLayout.REPARTITION);
        assertThat(JoinLayoutDecision.decide(JoinLayout.CO_PARTITIONED, "p", 4, "o", 4).layout()).isEqualTo(JoinLayout.CO_PARTITIONED);
        assertThatThrownBy(() -> JoinLayoutDecision.decide(JoinLayout.CO_PARTITIONED, "p", 4, "o", 2))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("labels.join.layout=co-partitioned")
            .hasMessageContaining("p has 4 partitions and o 2 partitions")
            .hasMessageContaining("same partition count, or set labels.join.layout=auto or repartition");
    }

    @Test
    void theStrictLayoutIsCoPartitionedRefusesOtherKeysAndNeedsTheSamePartitionCount() {
        JoinLayoutDecision strict = JoinLayoutDecision.decide(JoinLayout.CO_PARTITIONED_STRICT, "predictions", 4, "outcomes", 4);
        assertThat(strict.layout()).isEqualTo(JoinLayout.CO_PARTITIONED_STRICT);
        assertThat(strict.coPartitioned()).isTrue();
        assertThat(strict.refusesOtherKeys()).isTrue();
        assertThat(strict.reason()).contains("labels.join.layout=co-partitioned-strict", "NOT_KEYED_BY_PREDICTION_ID",
            "no label-join topic");
        assertThatThrownBy(() -> JoinLayoutDecision.decide(JoinLayout.CO_PARTITIONED_STRICT, "predictions", 4, "outcomes", 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("labels.join.layout=co-partitioned-strict, but predictions has 4 partitions and outcomes"
                + " an unknown number of partitions");

        // Only the strict layout refuses; the others re-key.
        for (JoinLayout layout : new JoinLayout[] {JoinLayout.AUTO, JoinLayout.CO_PARTITIONED, JoinLayout.REPARTITION}) {
            JoinLayoutDecision decision = JoinLayoutDecision.decide(layout, "p", 4, "o", 4);
            assertThat(decision.refusesOtherKeys()).as(layout.name()).isFalse();
            assertThat(decision.coPartitioned()).as(layout.name()).isEqualTo(layout != JoinLayout.REPARTITION);
        }
        assertThat(JoinLayoutDecision.unknownTopics().coPartitioned()).isFalse();
    }
}
