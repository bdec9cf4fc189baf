package io.driftwatch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class RegistryClientConfigTest {

    @Test
    void readsUrlsTimeoutsAndRetriesUnderConfluentsKeys() {
        RegistryClientConfig config = RegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", "http://a:8081/, https://b.example.com/prefix/",
                "max.retries", "5", "retries.wait.ms", 50, "retries.max.wait.ms", 400L,
                "http.connect.timeout.ms", 1500, "http.read.timeout.ms", "2500",
                "bootstrap.servers", "ignored:9092"));
        assertThat(config.urls()).containsExactly(URI.create("http://a:8081"), URI.create("https://b.example.com/prefix"));
        assertThat(config.mockScope()).isNull();
        assertThat(config.retry()).isEqualTo(new RetryPolicy(5, Duration.ofMillis(50), Duration.ofMillis(400)));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.headers()).isEmpty();
        assertThat(config.sslContext()).isNull();
    }

    @Test
    void aListValueWorksAsWellAsCommaSeparatedText() {
        RegistryClientConfig config = RegistryClientConfig.fromConfigs(Map.of("schema.registry.url", List.of("http://a:1", "http://b:2")));
        assertThat(config.urls()).containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
    }

    @Test
    void mockUrlsNameAScope() {
        RegistryClientConfig config = RegistryClientConfig.fromConfigs(Map.of("schema.registry.url", "mock://demo"));
        assertThat(config.mockScope()).isEqualTo("demo");
        assertThat(config.urls()).isEmpty();
        assertThat(SchemaRegistryClient.fromConfigs(Map.of("schema.registry.url", "mock://demo")))
                .isSameAs(MockSchemaRegistry.scope("demo"));
        MockSchemaRegistry.dropScope("demo");
    }

    @Test
    void badUrlsAreRefusedWithTheKeyAndTheFix() {
        assertThatThrownBy(() -> RegistryClientConfig.fromConfigs(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> RegistryClientConfig.fromConfigs(Map.of("schema.registry.url", "localhost:8081")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected http://host:port");
        assertThatThrownBy(() -> RegistryClientConfig.fromConfigs(Map.of("schema.registry.url", "mock://")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs a scope name");
        assertThatThrownBy(() -> RegistryClientConfig.fromConfigs(Map.of("schema.registry.url", "mock://a,http://b:1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("do not mix");
        assertThatThrownBy(() -> RegistryClientConfig.fromConfigs(Map.of("schema.registry.url", "mock://a,mock://b")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("same scope");
    }

    @Test
    void basicAuthComesFromUserInfoTheAliasOrAKafkaPassword() {
        String expected = "Basic dTpw"; // base64("u:p")
        assertThat(auth(Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "u:p"))).isEqualTo(expected);
        assertThat(auth(Map.of("basic.auth.credentials.source", "user_info", "schema.registry.basic.auth.user.info", "u:p")))
                .isEqualTo(expected);
        assertThat(auth(Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", new Password("u:p"))))
                .isEqualTo(expected);
        // The default source is URL: user info elsewhere is ignored, as Confluent's client does.
        assertThat(auth(Map.of("basic.auth.user.info", "u:p"))).isNull();
    }

    @Test
    void unsupportedOrContradictoryAuthIsRefused() {
        assertThatThrownBy(() -> auth(Map.of("basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs basic.auth.user.info");
        assertThatThrownBy(() -> auth(Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "nocolon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("user:password");
        assertThatThrownBy(() -> auth(Map.of("basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SASL_INHERIT is not supported");
        assertThatThrownBy(() -> auth(Map.of("basic.auth.credentials.source", "OTHER")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.credentials.source");
        assertThatThrownBy(() -> auth(Map.of("bearer.auth.credentials.source", "OAUTHBEARER")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only STATIC_TOKEN");
        assertThatThrownBy(() -> auth(Map.of("bearer.auth.credentials.source", "STATIC_TOKEN")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs bearer.auth.token");
        assertThatThrownBy(() -> auth(Map.of("bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", "t",
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "u:p")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("keep one");
    }

    @Test
    void credentialsStayOutOfToString() {
        RegistryClientConfig config = RegistryClientConfig.fromConfigs(Map.of("schema.registry.url", "http://u:secret@h:1",
                "bearer.auth.credentials.source", "", "basic.auth.credentials.source", "URL"));
        assertThat(config.headers()).containsKey("Authorization");
        assertThat(config.urls()).containsExactly(URI.create("http://h:1"));
        assertThat(config.toString()).doesNotContain("secret").doesNotContain("dTpzZWNyZXQ").contains("Authorization");
    }

    private static String auth(Map<String, Object> settings) {
        Map<String, Object> all = new java.util.HashMap<>(settings);
        all.put("schema.registry.url", "http://localhost:8081");
        return RegistryClientConfig.fromConfigs(all).headers().get("Authorization");
    }
}
