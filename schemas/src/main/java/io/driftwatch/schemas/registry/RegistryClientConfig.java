package io.driftwatch.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of a Schema Registry client, read from the same keys Confluent's Java clients use,
 * so an existing producer or consumer configuration works unchanged.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code schema.registry.url}</td><td>(required)</td><td>comma-separated registry URLs,
 *   {@code http://}, {@code https://}, or {@code mock://SCOPE} for the in-memory registry of that
 *   scope. With several URLs a failed attempt is retried on the next one.</td></tr>
 * <tr><td>{@code basic.auth.credentials.source}</td><td>{@code URL}</td><td>{@code USER_INFO}:
 *   take {@code user:password} from {@code basic.auth.user.info}; {@code URL}: from the URL's user
 *   info ({@code https://user:pass@host}), if it has one.</td></tr>
 * <tr><td>{@code basic.auth.user.info}</td><td></td><td>{@code user:password} (also read as
 *   {@code schema.registry.basic.auth.user.info})</td></tr>
 * <tr><td>{@code bearer.auth.credentials.source}</td><td></td><td>{@code STATIC_TOKEN} to send
 *   {@code bearer.auth.token} as {@code Authorization: Bearer}; plus optional
 *   {@code bearer.auth.logical.cluster} and {@code bearer.auth.identity.pool.id} headers
 *   (Confluent Cloud)</td></tr>
 * <tr><td>{@code max.retries}, {@code retries.wait.ms}, {@code retries.max.wait.ms}</td>
 *   <td>3, 1000, 20000</td><td>see {@link RetryPolicy}</td></tr>
 * <tr><td>{@code http.connect.timeout.ms}, {@code http.read.timeout.ms}</td><td>10000, 30000</td>
 *   <td>per attempt</td></tr>
 * <tr><td>{@code missing.id.cache.ttl.sec}</td><td>0</td><td>how long an id the registry does
 *   not know is answered from memory as unknown (0: ask every time)</td></tr>
 * <tr><td>{@code schema.registry.ssl.truststore.location}, {@code .password}, {@code .type};
 *   {@code schema.registry.ssl.keystore.location}, {@code .password}, {@code .type};
 *   {@code schema.registry.ssl.key.password}</td><td></td><td>TLS trust and client key; without
 *   them the JVM's default {@link SSLContext} is used, i.e. the {@code javax.net.ssl.*} system
 *   properties</td></tr>
 * </table>
 *
 * <p>{@link #toString()} leaves credentials out.
 *
 * @param urls registry base URLs without user info; empty for a mock scope
 * @param mockScope the scope of a {@code mock://} URL, or null
 * @param headers extra request headers (authorization)
 * @param retry retry policy
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout timeout of one request
 * @param sslContext TLS context, or null for the JVM default
 * @param missingIdCacheTtl how long an unknown schema id stays known as unknown
 */
public record RegistryClientConfig(
        List<URI> urls,
        String mockScope,
        Map<String, String> headers,
        RetryPolicy retry,
        Duration connectTimeout,
        Duration requestTimeout,
        SSLContext sslContext,
        Duration missingIdCacheTtl) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String REGISTRY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String BEARER_AUTH_LOGICAL_CLUSTER = "bearer.auth.logical.cluster";
    public static final String BEARER_AUTH_IDENTITY_POOL_ID = "bearer.auth.identity.pool.id";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String MISSING_ID_CACHE_TTL_SEC = "missing.id.cache.ttl.sec";
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";

    private static final String MOCK_PREFIX = "mock://";

    public RegistryClientConfig {
        urls = List.copyOf(urls);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(missingIdCacheTtl, "missingIdCacheTtl");
        if (urls.isEmpty() && mockScope == null) {
            throw new IllegalArgumentException("a registry client needs at least one URL or a mock scope");
        }
    }

    /** An unauthenticated client of one URL with default retries and timeouts. */
    public static RegistryClientConfig of(URI url) {
        return new RegistryClientConfig(List.of(url), null, Map.of(), RetryPolicy.defaults(),
                Duration.ofSeconds(10), Duration.ofSeconds(30), null, Duration.ZERO);
    }

    /** This configuration with another retry policy. */
    public RegistryClientConfig withRetry(RetryPolicy policy) {
        return new RegistryClientConfig(urls, mockScope, headers, policy, connectTimeout, requestTimeout,
                sslContext, missingIdCacheTtl);
    }

    /**
     * Reads the keys listed in the class comment from a Kafka-style configuration map (values
     * may be strings, numbers, lists or Kafka {@link Password}s); other keys are ignored.
     *
     * @throws ConfigException naming the key and the fix when a value is missing or wrong
     */
    public static RegistryClientConfig fromConfigs(Map<String, ?> configs) {
        AbstractConfig config = new AbstractConfig(definition(), configs, false);
        List<String> rawUrls = config.getList(URL);
        if (rawUrls.isEmpty()) {
            throw new ConfigException(URL, rawUrls,
                    "name the Schema Registry, e.g. http://localhost:8081, or mock://SCOPE for an in-memory one");
        }
        String scope = mockScope(rawUrls);
        RetryPolicy retry = new RetryPolicy(config.getInt(MAX_RETRIES),
                Duration.ofMillis(config.getLong(RETRIES_WAIT_MS)), Duration.ofMillis(config.getLong(RETRIES_MAX_WAIT_MS)));
        Duration connectTimeout = Duration.ofMillis(config.getInt(HTTP_CONNECT_TIMEOUT_MS));
        Duration requestTimeout = Duration.ofMillis(config.getInt(HTTP_READ_TIMEOUT_MS));
        Duration missingTtl = Duration.ofSeconds(config.getLong(MISSING_ID_CACHE_TTL_SEC));
        if (scope != null) {
            return new RegistryClientConfig(List.of(), scope, Map.of(), retry, connectTimeout, requestTimeout, null, missingTtl);
        }
        List<URI> urls = new ArrayList<>();
        String urlUserInfo = null;
        for (String raw : rawUrls) {
            URI uri = parseUrl(raw);
            if (uri.getRawUserInfo() != null && urlUserInfo == null) {
                urlUserInfo = uri.getUserInfo();
            }
            urls.add(withoutUserInfo(uri));
        }
        Map<String, String> headers = authHeaders(config, urlUserInfo);
        SSLContext ssl = RegistryTls.fromConfig(config);
        return new RegistryClientConfig(urls, null, headers, retry, connectTimeout, requestTimeout, ssl, missingTtl);
    }

    /** Keys, types, defaults and documentation, as Kafka's {@link ConfigDef}. */
    public static ConfigDef definition() {
        return new ConfigDef()
                .define(URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                        "Comma-separated Schema Registry URLs (http://, https://), or mock://SCOPE for the in-memory registry of that scope.")
                .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, "URL",
                        ConfigDef.CaseInsensitiveValidString.in("URL", "USER_INFO", "SASL_INHERIT"), Importance.MEDIUM,
                        "Where basic-auth credentials come from: USER_INFO (basic.auth.user.info) or URL (user info of the URL).")
                .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM, "Basic-auth credentials as user:password.")
                .define(REGISTRY_BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.LOW, "Alias of basic.auth.user.info.")
                .define(BEARER_AUTH_CREDENTIALS_SOURCE, Type.STRING, "", Importance.MEDIUM,
                        "STATIC_TOKEN to authenticate with bearer.auth.token; empty for no bearer auth.")
                .define(BEARER_AUTH_TOKEN, Type.PASSWORD, null, Importance.MEDIUM, "Bearer token for STATIC_TOKEN.")
                .define(BEARER_AUTH_LOGICAL_CLUSTER, Type.STRING, "", Importance.LOW,
                        "Sent as the target-sr-cluster header with bearer auth (Confluent Cloud).")
                .define(BEARER_AUTH_IDENTITY_POOL_ID, Type.STRING, "", Importance.LOW,
                        "Sent as the Confluent-Identity-Pool-Id header with bearer auth (Confluent Cloud).")
                .define(MAX_RETRIES, Type.INT, 3, ConfigDef.Range.between(0, 100), Importance.LOW,
                        "Retries after a connection failure, timeout, 5xx or 429.")
                .define(RETRIES_WAIT_MS, Type.LONG, 1000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Wait before the first retry; doubles on each further retry.")
                .define(RETRIES_MAX_WAIT_MS, Type.LONG, 20000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Cap on the wait before any retry.")
                .define(HTTP_CONNECT_TIMEOUT_MS, Type.INT, 10000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Connect timeout of one attempt.")
                .define(HTTP_READ_TIMEOUT_MS, Type.INT, 30000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Timeout of one request, from sending to the complete answer.")
                .define(MISSING_ID_CACHE_TTL_SEC, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Seconds an id the registry reported unknown is answered as unknown without asking again; 0 asks every time.")
                .define(SSL_TRUSTSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM, "Trust store for the registry's TLS certificate.")
                .define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of the trust store.")
                .define(SSL_TRUSTSTORE_TYPE, Type.STRING, "", Importance.LOW, "Trust store type (PKCS12, JKS); the JVM default when empty.")
                .define(SSL_KEYSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM, "Key store with the client's key, for mutual TLS.")
                .define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of the key store.")
                .define(SSL_KEYSTORE_TYPE, Type.STRING, "", Importance.LOW, "Key store type (PKCS12, JKS); the JVM default when empty.")
                .define(SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Password of the key; the key store's when empty.");
    }

    private static String mockScope(List<String> rawUrls) {
        String scope = null;
        for (String raw : rawUrls) {
            boolean mock = raw.regionMatches(true, 0, MOCK_PREFIX, 0, MOCK_PREFIX.length());
            if (mock != rawUrls.get(0).regionMatches(true, 0, MOCK_PREFIX, 0, MOCK_PREFIX.length())) {
                throw new ConfigException(URL, rawUrls, "do not mix mock:// and real registry URLs");
            }
            if (!mock) {
                continue;
            }
            String name = raw.substring(MOCK_PREFIX.length());
            if (name.isEmpty()) {
                throw new ConfigException(URL, raw, "a mock:// URL needs a scope name, e.g. mock://demo");
            }
            if (scope != null && !scope.equals(name)) {
                throw new ConfigException(URL, rawUrls, "all mock:// URLs must name the same scope");
            }
            scope = name;
        }
        return scope;
    }

    private static URI parseUrl(String raw) {
        URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(URL, raw, "not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ConfigException(URL, raw, "expected http://host:port, https://host:port or mock://SCOPE");
        }
        return uri;
    }

    private static URI withoutUserInfo(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            return new URI(uri.getScheme().toLowerCase(Locale.ROOT), null, uri.getHost(), uri.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new ConfigException(URL, uri.toString(), "not a URL: " + e.getMessage());
        }
    }

    private static Map<String, String> authHeaders(AbstractConfig config, String urlUserInfo) {
        Map<String, String> headers = new LinkedHashMap<>();
        String basicSource = config.getString(BASIC_AUTH_CREDENTIALS_SOURCE).toUpperCase(Locale.ROOT);
        String basic = switch (basicSource) {
            case "USER_INFO" -> {
                String info = password(config, BASIC_AUTH_USER_INFO);
                if (info == null) {
                    info = password(config, REGISTRY_BASIC_AUTH_USER_INFO);
                }
                if (info == null) {
                    throw new ConfigException(BASIC_AUTH_USER_INFO, null,
                            "basic.auth.credentials.source=USER_INFO needs basic.auth.user.info=user:password");
                }
                yield info;
            }
            case "URL" -> urlUserInfo;
            default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, basicSource,
                    "SASL_INHERIT is not supported by Driftwatch's registry client; use USER_INFO with basic.auth.user.info");
        };
        if (basic != null && basic.indexOf(':') < 0) {
            throw new ConfigException(BASIC_AUTH_USER_INFO, "(hidden)", "basic-auth user info must be user:password");
        }
        String bearerSource = config.getString(BEARER_AUTH_CREDENTIALS_SOURCE).trim().toUpperCase(Locale.ROOT);
        if (!bearerSource.isEmpty()) {
            if (!bearerSource.equals("STATIC_TOKEN")) {
                throw new ConfigException(BEARER_AUTH_CREDENTIALS_SOURCE, bearerSource,
                        "only STATIC_TOKEN is supported by Driftwatch's registry client: fetch the token yourself and set bearer.auth.token");
            }
            String token = password(config, BEARER_AUTH_TOKEN);
            if (token == null) {
                throw new ConfigException(BEARER_AUTH_TOKEN, null, "bearer.auth.credentials.source=STATIC_TOKEN needs bearer.auth.token");
            }
            if (basic != null) {
                throw new ConfigException(BEARER_AUTH_CREDENTIALS_SOURCE, bearerSource,
                        "both basic and bearer credentials are configured; keep one");
            }
            headers.put("Authorization", "Bearer " + token);
            putIfSet(headers, "target-sr-cluster", config.getString(BEARER_AUTH_LOGICAL_CLUSTER));
            putIfSet(headers, "Confluent-Identity-Pool-Id", config.getString(BEARER_AUTH_IDENTITY_POOL_ID));
        } else if (basic != null) {
            headers.put("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }

    private static void putIfSet(Map<String, String> headers, String name, String value) {
        if (value != null && !value.isBlank()) {
            headers.put(name, value.trim());
        }
    }

    static String password(AbstractConfig config, String key) {
        Password value = config.getPassword(key);
        return value == null || value.value().isEmpty() ? null : value.value();
    }

    @Override
    public String toString() {
        return "RegistryClientConfig[urls=" + urls + ", mockScope=" + mockScope + ", headers=" + headers.keySet()
                + ", retry=" + retry + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", customTls=" + (sslContext != null) + ", missingIdCacheTtl=" + missingIdCacheTtl + "]";
    }
}
