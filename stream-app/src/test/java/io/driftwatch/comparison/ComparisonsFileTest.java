package io.driftwatch.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonsFileTest {

    @Test
    void readsADeclaredCanaryWithItsOwnMarginsOverTheDefaults() {
        ComparisonPlan plan = ComparisonsFile.parse("""
            discover: false
            defaults:
              alpha: 0.01
              min_samples: 50
            comparisons:
              - model: fraud-detector
                control: "1"
                candidate: "2"
                mode: canary
                metrics: {accuracy: 0.03, latency_p99: 0.4}
            """, "test.yaml");
        assertThat(plan.discover()).isFalse();
        ComparisonSpec spec = plan.declared().get(0);
        assertThat(spec.key()).isEqualTo("fraud-detector/1/2");
        assertThat(spec.mode()).isEqualTo(ComparisonMode.CANARY);
        assertThat(spec.margins()).isEqualTo(Map.of(JudgedMetric.ACCURACY, 0.03, JudgedMetric.LATENCY_P99, 0.4));
        assertThat(spec.primaryMetric()).isEqualTo(JudgedMetric.ACCURACY);
        assertThat(spec.alpha()).isEqualTo(0.01);
        assertThat(spec.minSamples()).isEqualTo(50);
        assertThat(spec.discovered()).isFalse();
    }

    @Test
    void anEmptyFileIsTheStandardPlan() {
        assertThat(ComparisonsFile.parse("", "empty.yaml")).isEqualTo(ComparisonPlan.standard());
    }

    @Test
    void listsEveryProblemWithItsKeyAndTheFix() {
        assertThatThrownBy(() -> ComparisonsFile.parse("""
            discover: maybe
            comparisons:
              - model: m
                control: "1"
                candidate: "1"
                mode: blue
                metrics: {acuracy: 0.02, error_rate: -1}
                alpha: 2
              - control: "1"
            """, "bad.yaml"))
            .isInstanceOf(ComparisonsFileException.class)
            .hasMessageContaining("bad.yaml")
            .hasMessageContaining("discover: expected true or false")
            .hasMessageContaining("comparisons[0].mode: 'blue' is not a mode; use canary, shadow or ab")
            .hasMessageContaining("control and candidate are both '1'")
            .hasMessageContaining("comparisons[0].metrics.acuracy: unknown metric")
            .hasMessageContaining("comparisons[0].metrics.error_rate: the margin must be a number >= 0")
            .hasMessageContaining("comparisons[0].alpha: the chance of a false decision must be a number in (0, 0.5)")
            .hasMessageContaining("comparisons[1].model: missing");
    }

    @Test
    void discoversOnePrimaryAndOneCanaryButNeverGuessesAmbiguity() {
        ComparisonPlan plan = ComparisonPlan.standard();
        assertThat(plan.discover("m", Map.of("1", "primary", "2", "canary")))
            .hasValueSatisfying(s -> {
                assertThat(s.control()).isEqualTo("1");
                assertThat(s.candidate()).isEqualTo("2");
                assertThat(s.mode()).isEqualTo(ComparisonMode.CANARY);
                assertThat(s.discovered()).isTrue();
            });
        java.util.Map<String, String> nullPrimary = new java.util.HashMap<>();
        nullPrimary.put("1", null);
        nullPrimary.put("s", "shadow");
        assertThat(plan.discover("m", nullPrimary)).hasValueSatisfying(s -> assertThat(s.mode()).isEqualTo(ComparisonMode.SHADOW));
        assertThat(plan.discover("m", Map.of("1", "primary", "2", "primary"))).isEmpty();
        assertThat(plan.discover("m", Map.of("1", "canary", "2", "shadow"))).isEmpty();
        assertThat(plan.discover("m", Map.of("1", "primary", "2", "canary", "3", "canary"))).isEmpty();
        assertThat(plan.discover("m", Map.of("1", "primary"))).isEmpty();
        ComparisonPlan declared = ComparisonsFile.parse("""
            comparisons:
              - {model: m, control: "1", candidate: "3", mode: ab}
            """, "t");
        assertThat(declared.discover("m", Map.of("1", "primary", "2", "canary"))).as("a declared comparison wins").isEmpty();
    }

    @Test
    void reloadsWhenTheFileChangesAndKeepsTheLastGoodPlanWhenItBreaks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("comparisons.yaml");
        Files.writeString(file, "discover: true\n");
        ComparisonsSource source = ComparisonsSource.watching(file);
        assertThat(source.reload()).isEmpty();

        Files.writeString(file, "discover: false\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
        assertThat(source.reload()).hasValueSatisfying(p -> assertThat(p.discover()).isFalse());

        Files.writeString(file, "discover: [\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 4000));
        assertThat(source.reload()).isEmpty();
        assertThat(source.current().discover()).isFalse();
    }
}
