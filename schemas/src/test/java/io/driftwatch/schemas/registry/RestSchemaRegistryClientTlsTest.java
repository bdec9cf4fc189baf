package io.driftwatch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.OutcomeEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client reaches a registry over TLS with the trust store and key store named by the
 * {@code schema.registry.ssl.*} keys. The registry is {@link FakeSchemaRegistryServer} (a fixture
 * standing in for the registry server) behind a certificate for 127.0.0.1 made with the JDK's
 * {@code keytool}, which also serves as the client's key for mutual TLS.
 */
class RestSchemaRegistryClientTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static Path keyStore;
    private static Path trustStore;

    @BeforeAll
    static void makeCertificates() throws Exception {
        keyStore = dir.resolve("registry.p12");
        trustStore = dir.resolve("trust.p12");
        Path certificate = dir.resolve("registry.crt");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", PASSWORD);
    }

    @Test
    void reachesARegistryWhoseCertificateIsInTheConfiguredTrustStore() {
        try (FakeSchemaRegistryServer server = FakeSchemaRegistryServer.startTls(serverContext(), false)) {
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.fromConfigs(Map.of(
                    "schema.registry.url", server.url().toString(),
                    "schema.registry.ssl.truststore.location", trustStore.toString(),
                    "schema.registry.ssl.truststore.password", PASSWORD,
                    "schema.registry.ssl.truststore.type", "PKCS12")));
            assertThat(client.register("o-value", OutcomeEvent.getClassSchema())).isEqualTo(1);
        }
    }

    @Test
    void refusesARegistryItDoesNotTrust() {
        try (FakeSchemaRegistryServer server = FakeSchemaRegistryServer.startTls(serverContext(), false)) {
            RegistryClientConfig config = RegistryClientConfig.fromConfigs(Map.of(
                    "schema.registry.url", server.url().toString(), "max.retries", 0));
            assertThatThrownBy(() -> new RestSchemaRegistryClient(config).register("o-value", OutcomeEvent.getClassSchema()))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isZero())
                    .hasMessageContaining("SSLHandshakeException");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void presentsTheConfiguredKeyForMutualTls() {
        try (FakeSchemaRegistryServer server = FakeSchemaRegistryServer.startTls(serverContext(), true)) {
            Map<String, Object> trustOnly = Map.of(
                    "schema.registry.url", server.url().toString(),
                    "max.retries", 0,
                    "schema.registry.ssl.truststore.location", trustStore.toString(),
                    "schema.registry.ssl.truststore.password", PASSWORD);
            assertThatThrownBy(() -> new RestSchemaRegistryClient(RegistryClientConfig.fromConfigs(trustOnly))
                    .register("o-value", OutcomeEvent.getClassSchema()))
                    .isInstanceOf(SchemaRegistryException.class);

            Map<String, Object> withKey = new HashMap<>(trustOnly);
            withKey.put("schema.registry.ssl.keystore.location", keyStore.toString());
            withKey.put("schema.registry.ssl.keystore.password", PASSWORD);
            assertThat(new RestSchemaRegistryClient(RegistryClientConfig.fromConfigs(withKey))
                    .register("o-value", OutcomeEvent.getClassSchema())).isEqualTo(1);
        }
    }

    @Test
    void aWrongTrustStorePasswordIsAConfigurationError() {
        assertThatThrownBy(() -> RegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", "https://127.0.0.1:1",
                "schema.registry.ssl.truststore.location", trustStore.toString(),
                "schema.registry.ssl.truststore.password", "wrong")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location")
                .hasMessageContaining("wrong path, type or password");
    }

    /** The server's TLS context: its key, and (for mutual TLS) trust in the same certificate as a client's. */
    private static SSLContext serverContext() {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, PASSWORD.toCharArray());
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(trustStore)) {
                trusted.load(in, PASSWORD.toCharArray());
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }
}
