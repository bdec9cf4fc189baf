package io.driftwatch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RestSchemaRegistryClient} against {@link FakeSchemaRegistryServer}, a fixture standing
 * in for the Schema Registry server that answers as the registry's API reference documents and
 * fails on demand (5xx, timeouts, TLS, authentication), which a real registry does not. Retries are
 * observed through the client's sleeper, so no test waits. {@code ApicurioClientIT} runs the
 * client against a real registry.
 */
class RestSchemaRegistryClientTest {

    private static final RetryPolicy FAST_RETRY = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(15));

    private final FakeSchemaRegistryServer server = FakeSchemaRegistryServer.start();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        server.close();
    }

    private RestSchemaRegistryClient client(RegistryClientConfig config) {
        return new RestSchemaRegistryClient(config.withRetry(FAST_RETRY), sleeps::add);
    }

    private RestSchemaRegistryClient client() {
        return client(RegistryClientConfig.of(server.url()));
    }

    @Test
    void registersAndLooksUpInBothDirectionsWithTheRegistrysContentType() throws IOException {
        RestSchemaRegistryClient client = client();
        int id = client.register("predictions-value", PredictionEvent.getClassSchema());

        FakeSchemaRegistryServer.Request register = server.requests().get(0);
        assertThat(register.method()).isEqualTo("POST");
        assertThat(register.rawPath()).isEqualTo("/subjects/predictions-value/versions");
        assertThat(register.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(register.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(new ObjectMapper().readTree(register.body()).get("schema").asText())
                .isEqualTo(PredictionEvent.getClassSchema().toString());

        RestSchemaRegistryClient fresh = client();
        assertThat(fresh.getSchemaById(id)).isEqualTo(PredictionEvent.getClassSchema());
        assertThat(fresh.getId("predictions-value", PredictionEvent.getClassSchema())).isEqualTo(id);
        assertThat(server.requests()).extracting(FakeSchemaRegistryServer.Request::rawPath)
                .containsExactly("/subjects/predictions-value/versions", "/schemas/ids/" + id, "/subjects/predictions-value");

        // Both directions are cached: no further requests.
        assertThat(fresh.getSchemaById(id)).isEqualTo(PredictionEvent.getClassSchema());
        assertThat(fresh.getId("predictions-value", PredictionEvent.getClassSchema())).isEqualTo(id);
        assertThat(client.register("predictions-value", PredictionEvent.getClassSchema())).isEqualTo(id);
        assertThat(client.getSchemaById(id)).isSameAs(PredictionEvent.getClassSchema());
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void encodesSubjectsInThePath() {
        int id = client().register("my topic/ä-value", OutcomeEvent.getClassSchema());
        assertThat(id).isEqualTo(1);
        assertThat(server.requests().get(0).rawPath()).isEqualTo("/subjects/my%20topic%2F%C3%A4-value/versions");
    }

    @Test
    void latestVersionIsAskedEveryTime() {
        Schema v1 = SchemaBuilder.record("Thing").namespace("t").fields().requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("Thing").namespace("t").fields().requiredString("a")
                .name("b").type().stringType().stringDefault("x").endRecord();
        RestSchemaRegistryClient client = client();
        int id1 = client.register("things-value", v1);
        assertThat(client.getLatestSchema("things-value")).isEqualTo(new RegisteredSchema("things-value", 1, id1, v1));
        int id2 = client.register("things-value", v2);
        RegisteredSchema latest = client.getLatestSchema("things-value");
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(id2).isNotEqualTo(id1);
        assertThat(latest.schema()).isEqualTo(v2);
        assertThat(server.requests()).filteredOn(r -> r.rawPath().endsWith("/latest")).hasSize(2);
    }

    @Test
    void clientErrorsCarryTheRegistrysErrorCodeAndAreNotRetried() {
        RestSchemaRegistryClient client = client();
        assertThatThrownBy(() -> client.getSchemaById(77))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.isSchemaNotFound()).isTrue();
                    assertThat(e.isTransient()).isFalse();
                })
                .hasMessageContaining("Schema 77 not found").hasMessageContaining("look up schema id 77");
        assertThatThrownBy(() -> client.getLatestSchema("nope-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isSubjectNotFound()).isTrue())
                .hasMessageContaining("Subject 'nope-value' not found.");
        assertThatThrownBy(() -> client.getId("nope-value", OutcomeEvent.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));

        server.failNext(409, 409, "Schema being registered is incompatible with an earlier schema");
        assertThatThrownBy(() -> client.register("x-value", OutcomeEvent.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(409);
                })
                .hasMessageContaining("incompatible with an earlier schema");
        server.failNext(422, 42201, "Invalid schema");
        assertThatThrownBy(() -> client.register("x-value", OutcomeEvent.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isInvalidSchema()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(42201);
                });
        server.failNext(401, 401, "Unauthorized");
        assertThatThrownBy(() -> client.getSchemaById(1))
                .hasMessageContaining("HTTP 401").hasMessageContaining("check basic.auth.user.info or bearer.auth.token");
        assertThat(server.requests()).hasSize(6);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void anAnswerWithoutTheExpectedFieldsIsAnError() {
        server.failNext(200, 0, "not what was asked");
        assertThatThrownBy(() -> client().register("s-value", OutcomeEvent.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("no integer \"id\"");
    }

    @Test
    void anErrorWithoutARegistryBodyKeepsTheStatusAndText() {
        server.failNextRaw(404, "<html>no such route</html>");
        assertThatThrownBy(() -> client().getSchemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(404))
                .hasMessageContaining("<html>no such route</html>");
    }

    @Test
    void serverErrorsAndRateLimitsAreRetriedWithExponentialBackoff() {
        int id = client().register("s-value", OutcomeEvent.getClassSchema());
        server.failNext(503, 50003, "Error while forwarding the request to the leader");
        server.failNext(429, 42901, "Rate limit exceeded");
        RestSchemaRegistryClient client = client();
        assertThat(client.getSchemaById(id)).isEqualTo(OutcomeEvent.getClassSchema());
        assertThat(sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(15));
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void givesUpAfterTheConfiguredRetriesWithTheLastError() {
        for (int i = 0; i < 3; i++) {
            server.failNext(500, 50001, "Error in the backend data store");
        }
        assertThatThrownBy(() -> client().getSchemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.errorCode()).isEqualTo(50001);
                    assertThat(e.isTransient()).isTrue();
                })
                .hasMessageContaining("Error in the backend data store");
        assertThat(server.requests()).hasSize(3);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void connectionRefusedIsRetriedThenReported() throws IOException {
        URI dead = URI.create("http://127.0.0.1:" + freePort());
        assertThatThrownBy(() -> client(RegistryClientConfig.of(dead)).getSchemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isZero();
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e).hasCauseInstanceOf(ConnectException.class);
                })
                .hasMessageContaining("did not answer after 3 attempt(s)")
                .hasMessageContaining("check schema.registry.url");
        assertThat(sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(15));
    }

    @Test
    void aRegistryThatComesUpDuringTheBackoffIsReached() throws IOException {
        int port = freePort();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                RegistryClientConfig.of(URI.create("http://127.0.0.1:" + port)).withRetry(FAST_RETRY), wait -> {
                    sleeps.add(wait);
                    if (sleeps.size() == 1) {
                        FakeSchemaRegistryServer late = FakeSchemaRegistryServer.start(port);
                        toClose.add(late);
                    }
                });
        assertThat(client.register("s-value", OutcomeEvent.getClassSchema())).isEqualTo(1);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void failsOverToTheNextUrl() throws IOException {
        URI dead = URI.create("http://127.0.0.1:" + freePort());
        RegistryClientConfig config = new RegistryClientConfig(List.of(dead, server.url()), null, Map.of(),
                FAST_RETRY, Duration.ofSeconds(2), Duration.ofSeconds(5), null, Duration.ZERO);
        assertThat(new RestSchemaRegistryClient(config, sleeps::add).register("s-value", OutcomeEvent.getClassSchema()))
                .isEqualTo(1);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void sendsBasicAuthFromUserInfoOrFromTheUrl() {
        RestSchemaRegistryClient fromUserInfo = client(RegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", server.url().toString(),
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "alice:s3cret:with-colon")));
        fromUserInfo.register("a-value", OutcomeEvent.getClassSchema());
        String url = server.url().toString().replace("http://", "http://bob:pa%40ss@");
        RestSchemaRegistryClient fromUrl = client(RegistryClientConfig.fromConfigs(Map.of("schema.registry.url", url)));
        fromUrl.register("b-value", OutcomeEvent.getClassSchema());

        assertThat(server.requests()).extracting(r -> r.header("Authorization")).containsExactly(
                "Basic " + base64("alice:s3cret:with-colon"), "Basic " + base64("bob:pa@ss"));
    }

    @Test
    void sendsABearerTokenWithConfluentCloudHeaders() {
        RestSchemaRegistryClient client = client(RegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", server.url().toString(),
                "bearer.auth.credentials.source", "STATIC_TOKEN",
                "bearer.auth.token", "tok-123",
                "bearer.auth.logical.cluster", "lsrc-1",
                "bearer.auth.identity.pool.id", "pool-9")));
        client.register("a-value", OutcomeEvent.getClassSchema());
        FakeSchemaRegistryServer.Request request = server.requests().get(0);
        assertThat(request.header("Authorization")).isEqualTo("Bearer tok-123");
        assertThat(request.header("target-sr-cluster")).isEqualTo("lsrc-1");
        assertThat(request.header("Confluent-Identity-Pool-Id")).isEqualTo("pool-9");
    }

    @Test
    void sendsNoAuthorizationByDefault() {
        client().register("a-value", OutcomeEvent.getClassSchema());
        assertThat(server.requests().get(0).header("Authorization")).isNull();
    }

    @Test
    void remembersUnknownIdsForTheConfiguredTime() {
        RestSchemaRegistryClient remembering = client(RegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", server.url().toString(), "missing.id.cache.ttl.sec", 60)));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> remembering.getSchemaById(5))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isSchemaNotFound()).isTrue());
        }
        assertThat(server.requests()).hasSize(1);

        RestSchemaRegistryClient asking = client();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> asking.getSchemaById(5)).isInstanceOf(SchemaRegistryException.class);
        }
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void refusesSchemasThatAreNotAvro() {
        server.failNextRaw(200, "{\"schema\": \"syntax = \\\"proto3\\\";\", \"schemaType\": \"PROTOBUF\"}");
        assertThatThrownBy(() -> client().getSchemaById(3))
                .isInstanceOf(UnsupportedSchemaException.class).hasMessageContaining("PROTOBUF");
        server.failNextRaw(200, "{\"schema\": \"{not avro\"}");
        assertThatThrownBy(() -> client().getSchemaById(3))
                .isInstanceOf(UnsupportedSchemaException.class).hasMessageContaining("not a valid Avro schema");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
