package io.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.stats.DriftTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftwatchConfigTest {

    @Test
    void defaultsAreExactlyOnceJsonOutFiveMinuteWindows() {
        DriftwatchConfig c = DriftwatchConfig.from(Map.of("bootstrap.servers", "k:9092"));
        assertThat(c.windows().size()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.windows().grace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.formats().output()).isEqualTo(DriftwatchConfig.OutputFormat.JSON);
        assertThat(c.kafka()).containsEntry("bootstrap.servers", "k:9092");
        assertThat(c.labels().horizon()).isEqualTo(Duration.ofDays(7));
        assertThat(c.drift().minSampleSize()).isEqualTo(100);
    }

    @Test
    void kafkaSettingsPassThroughWithoutThePrefixAndRegistrySettingsKeepTheirNames() {
        DriftwatchConfig c = DriftwatchConfig.from(Map.of(
            "kafka.security.protocol", "SASL_SSL",
            "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
            "schema.registry.url", "https://registry:8081",
            "basic.auth.user.info", "u:p"));
        assertThat(c.kafka()).containsEntry("security.protocol", "SASL_SSL").containsKey("sasl.jaas.config");
        assertThat(c.serde()).containsEntry("schema.registry.url", "https://registry:8081").containsKey("basic.auth.user.info");
        assertThat(SecretRedactor.redact(c.kafka())).containsEntry("sasl.jaas.config", "[hidden]")
            .containsEntry("security.protocol", "SASL_SSL");
        assertThat(SecretRedactor.redact(c.serde())).containsEntry("basic.auth.user.info", "[hidden]");
    }

    @Test
    void everyProblemIsReportedWithItsKeyAndFix() {
        assertThatThrownBy(() -> DriftwatchConfig.from(Map.of(
                "windw.size", "5m",
                "window.grace", "soon",
                "drift.psi.bins", "1",
                "output.format", "avro",
                "drift.feature.amount.test", "t-test")))
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(5))
            .hasMessageContaining("windw.size is not a Driftwatch setting; did you mean window.size?")
            .hasMessageContaining("window.grace=soon is not a duration; write it like 500ms, 30s")
            .hasMessageContaining("drift.psi.bins=1 is out of range; set it between 2 and 1000")
            .hasMessageContaining("output.format=avro needs schema.registry.url")
            .hasMessageContaining("drift.feature.amount.test=t-test");
    }

    @Test
    void aNegativeDurationIsTooShortNotUnreadable() {
        assertThatThrownBy(() -> DriftwatchConfig.from(Map.of("window.grace", "-5s")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("window.grace=-5s is too short; use at least 0ms.");
        assertThatThrownBy(() -> DriftwatchConfig.from(Map.of("window.grace", "-soon")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("window.grace=-soon is not a duration");
    }

    @Test
    void labelsCompleteAfterIsUnsetByDefaultAndAtMostTheHorizon() {
        assertThat(DriftwatchConfig.from(Map.of()).labels().completeAfter()).isNull();
        assertThat(DriftwatchConfig.from(Map.of()).labels().complete(60_000, 10_000_000)).isNull();
        DriftwatchConfig.LabelSettings labels = DriftwatchConfig.from(Map.of("labels.complete.after", "1h")).labels();
        assertThat(labels.complete(60_000, 60_000 + 3_599_999)).isFalse();
        assertThat(labels.complete(60_000, 60_000 + 3_600_000)).isTrue();
        assertThat(labels.complete(60_000, Long.MIN_VALUE)).as("no watermark yet").isFalse();
        assertThatThrownBy(() -> DriftwatchConfig.from(Map.of("labels.complete.after", "8d")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("labels.complete.after=8d is longer than labels.horizon (PT168H)")
            .hasMessageContaining("set labels.complete.after to at most the horizon, or leave it unset");
    }

    @Test
    void theFeatureCapHasADefaultAndAMinimum() {
        assertThat(DriftwatchConfig.from(Map.of()).profile().maxFeatures()).isEqualTo(1_000);
        assertThat(DriftwatchConfig.from(Map.of("profile.max.features", "2500")).profile().maxFeatures()).isEqualTo(2_500);
        assertThatThrownBy(() -> DriftwatchConfig.from(Map.of("profile.max.features", "0")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("profile.max.features");
    }

    @Test
    void inputRecordsAreBoundedWellUnderWhatTheDeadLetterProducerMaySend() {
        DriftwatchConfig defaults = DriftwatchConfig.from(Map.of());
        assertThat(defaults.formats().maxRecordBytes()).isEqualTo(524_288);
        assertThat(defaults.windows().stallTimeout()).isEqualTo(Duration.ofMinutes(5));

        assertThatThrownBy(() -> DriftwatchConfig.from(Map.of("input.max.record.bytes", "1048576",
                "kafka.producer.max.request.size", "1048576")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("input.max.record.bytes=1048576 leaves no room for the dead-letter headers under the"
                + " producer's max.request.size=1048576; set it to at most 983040");
        // Driftwatch's own default (16 MiB) makes room.
        assertThat(DriftwatchConfig.from(Map.of("input.max.record.bytes", "1048576")).formats().maxRecordBytes())
            .isEqualTo(1_048_576);
    }

    @Test
    void perFeatureOverridesAreRead() {
        DriftwatchConfig c = DriftwatchConfig.from(Map.of("drift.feature.amount.test", "psi",
            "drift.feature.amount.threshold", "0.2", "drift.feature.country.threshold", "0.01"));
        assertThat(c.drift().features().get("amount")).isEqualTo(new DriftwatchConfig.FeatureOverride(DriftTest.PSI, 0.2));
        assertThat(c.drift().features().get("country")).isEqualTo(new DriftwatchConfig.FeatureOverride(null, 0.01));
    }

    @Test
    void environmentVariablesOverrideTheFileAndFlagsOverrideBoth(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("d.properties");
        Files.writeString(file, "window.size=10m\nwindow.grace=1m\nhttp.port=9000\n");
        Map<String, String> env = Map.of("DRIFTWATCH_WINDOW_SIZE", "2m", "DRIFTWATCH_KAFKA_SASL_MECHANISM", "PLAIN",
            "DRIFTWATCH_HTTP_PORT", "9100", "PATH", "/bin");
        Map<String, String> props = ConfigSources.load(file, env, Map.of("http.port", "9200"));
        DriftwatchConfig c = DriftwatchConfig.from(props);
        assertThat(c.windows().size()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.windows().grace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.kafka()).containsEntry("sasl.mechanism", "PLAIN");
        assertThat(c.http().port()).isEqualTo(9200);
    }

    @Test
    void doubleUnderscoresInAVariableNameAreOneAndTriplesADash() {
        Map<String, String> fromEnv = ConfigSources.fromEnvironment(Map.of(
            "DRIFTWATCH_DRIFT_FEATURE_CREDIT__UTILIZATION_TEST", "ks",
            "DRIFTWATCH_FAIRNESS_REFERENCE_AGE___BAND", "30-40",
            "DRIFTWATCH_KAFKA_SASL_JAAS_CONFIG", "x"));
        assertThat(fromEnv).containsOnlyKeys("drift.feature.credit_utilization.test", "fairness.reference.age-band",
            "kafka.sasl.jaas.config");
        assertThat(DriftwatchConfig.from(fromEnv).drift().features()).containsOnlyKeys("credit_utilization");
        for (String key : List.of("drift.feature.credit_utilization.test", "fairness.reference.age-band", "window.size")) {
            assertThat(ConfigSources.fromEnvironment(Map.of(ConfigSources.variableOf(key), "v"))).containsOnlyKeys(key);
        }
        assertThat(ConfigSources.variableOf("drift.feature.credit_utilization.test"))
            .isEqualTo("DRIFTWATCH_DRIFT_FEATURE_CREDIT__UTILIZATION_TEST");
    }

    @Test
    void anUnknownEnvironmentVariableIsIgnoredButAnUnknownFileKeyIsNot() {
        Map<String, String> fromEnv = ConfigSources.fromEnvironment(Map.of("DRIFTWATCH_JAVA_OPTS", "-Xmx1g"));
        assertThat(fromEnv).containsEntry("java.opts", "-Xmx1g");
        assertThat(DriftwatchConfig.from(fromEnv, Set.of("java.opts")).windows().size()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> DriftwatchConfig.from(fromEnv)).hasMessageContaining("java.opts is not a Driftwatch setting");
    }

    @Test
    void fairnessAttributesMustBeCountedSegments() {
        assertThatThrownBy(() -> DriftwatchConfig.from(Map.of("fairness.attributes", "group")))
            .hasMessageContaining("fairness.attributes names 'group', which is not in segments.attributes");
        DriftwatchConfig c = DriftwatchConfig.from(Map.of("segments.attributes", "region,group",
            "fairness.attributes", "group", "fairness.reference.group", "A"));
        assertThat(c.profile().segmentAttributes()).containsExactly("region", "group");
        assertThat(c.fairness().referenceGroups()).containsEntry("group", "A");
    }

    @Test
    void aRunbookBaseMustBeAnAbsoluteHttpAddress() {
        DriftwatchConfig c = DriftwatchConfig.from(Map.of("alerts.runbook.base.url", "https://wiki.example.com/dw"));
        assertThat(c.alerts().runbookBaseUrl()).isEqualTo("https://wiki.example.com/dw");
        assertThat(c.alerts().runbookLinks().resolve("docs/alerting.md#runbook-errors"))
            .isEqualTo("https://wiki.example.com/dw/docs/alerting.md#runbook-errors");
        assertThat(DriftwatchConfig.from(Map.of()).alerts().runbookLinks().resolve("docs/a.md")).isEqualTo("docs/a.md");
        assertThatThrownBy(() -> DriftwatchConfig.from(Map.of("alerts.runbook.base.url", "wiki/dw")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("alerts.runbook.base.url=wiki/dw is not an absolute http(s) address")
            .hasMessageContaining("set alerts.runbook.base.url to an absolute http(s) address such as");
    }
}
