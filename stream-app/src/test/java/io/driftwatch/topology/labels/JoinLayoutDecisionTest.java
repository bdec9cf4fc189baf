package io.driftwatch.topology.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import java.nio.charset.StandardCharsets;
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
    void aKeyIsThePredictionIdOnlyWhenItIsItsUtf8Bytes() {
        assertThat(JoinRoutes.keyedByPredictionId("p-17".getBytes(StandardCharsets.UTF_8), "p-17")).isTrue();
        assertThat(JoinRoutes.keyedByPredictionId("p-18".getBytes(StandardCharsets.UTF_8), "p-17")).isFalse();
        assertThat(JoinRoutes.keyedByPredictionId("p-17x".getBytes(StandardCharsets.UTF_8), "p-17")).isFalse();
        assertThat(JoinRoutes.keyedByPredictionId("p-1".getBytes(StandardCharsets.UTF_8), "p-17")).isFalse();
        assertThat(JoinRoutes.keyedByPredictionId(null, "p-17")).isFalse();
        assertThat(JoinRoutes.keyedByPredictionId(new byte[0], "")).isTrue();
        // Non-ASCII ids: compared as UTF-8, as a string serializer writes them.
        assertThat(JoinRoutes.keyedByPredictionId("prévision-ü".getBytes(StandardCharsets.UTF_8), "prévision-ü")).isTrue();
        assertThat(JoinRoutes.keyedByPredictionId("prévision-ü".getBytes(StandardCharsets.ISO_8859_1), "prévision-ü")).isFalse();
        assertThat(JoinRoutes.keyedByPredictionId("ab".getBytes(StandardCharsets.UTF_8), "é")).isFalse();
    }
}
