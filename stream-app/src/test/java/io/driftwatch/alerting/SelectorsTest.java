package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.Severity;
import org.junit.jupiter.api.Test;

class SelectorsTest {

    @Test
    void globsMatchWholeNamesWithStarAndQuestionMark() {
        assertThat(Glob.of("fraud-*").matches("fraud-scorer")).isTrue();
        assertThat(Glob.of("fraud-*").matches("fraud-")).isTrue();
        assertThat(Glob.of("fraud-*").matches("anti-fraud-scorer")).isFalse();
        assertThat(Glob.of("v?").matches("v3")).isTrue();
        assertThat(Glob.of("v?").matches("v10")).isFalse();
        assertThat(Glob.of("a.b+c(d)").matches("a.b+c(d)")).isTrue();
        assertThat(Glob.of("a.b").matches("axb")).isFalse();
        assertThat(Glob.of("*").matches("")).isTrue();
        assertThat(Glob.of("*").matches(null)).isFalse();
        assertThat(Glob.of("Amount").matches("amount")).isFalse();
        assertThatThrownBy(() -> Glob.of("")).hasMessageContaining("use '*'");
    }

    @Test
    void segmentSelectorsMatchAttributesAndGroups() {
        SegmentSelector attribute = SegmentSelector.parse("region");
        SegmentSelector groups = SegmentSelector.parse("region=eu-*");

        assertThat(attribute.matches("region")).isTrue();
        assertThat(attribute.matches("region=us")).isTrue();
        assertThat(attribute.matches("regional=us")).isFalse();
        assertThat(groups.matches("region=eu-west")).isTrue();
        assertThat(groups.matches("region=us")).isFalse();
        assertThat(groups.matches("region")).isFalse();
        assertThat(SegmentSelector.parse("k=a=b").matches("k=a=b")).isTrue();
        assertThat(groups.text()).isEqualTo("region=eu-*");
        assertThatThrownBy(() -> SegmentSelector.parse("=eu")).hasMessageContaining("needs an attribute and a value");
    }

    @Test
    void rulesSelectByModelFeatureAndSegment() {
        Rule rule = Rule.builder("r", "segment.accuracy", ComparisonOperator.LESS, 0.8, Severity.WARNING)
                .model("fraud-*").segment("region=eu").build();
        Rule features = Rule.builder("f", "feature.psi", ComparisonOperator.GREATER, 0.2, Severity.WARNING)
                .feature("amount_*").build();

        assertThat(rule.appliesTo("fraud-scorer")).isTrue();
        assertThat(rule.appliesTo("churn")).isFalse();
        assertThat(rule.selects(new Observation(null, "region=eu", 0.7, 10))).isTrue();
        assertThat(rule.selects(new Observation(null, "region=us", 0.7, 10))).isFalse();
        assertThat(features.selects(new Observation("amount_eur", null, 1, 10))).isTrue();
        assertThat(features.selects(new Observation("age", null, 1, 10))).isFalse();
        assertThat(features.breachedBy(0.2)).isFalse();
        assertThat(features.breachedBy(0.21)).isTrue();
    }
}
