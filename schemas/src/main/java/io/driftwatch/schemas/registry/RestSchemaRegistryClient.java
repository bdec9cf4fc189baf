package io.driftwatch.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over the Schema Registry REST API (Confluent's API reference:
 * {@code /subjects/{subject}/versions}, {@code /subjects/{subject}}, {@code /schemas/ids/{id}},
 * {@code /subjects/{subject}/versions/latest}; content type
 * {@code application/vnd.schemaregistry.v1+json}).
 *
 * <p>Uses {@link HttpClient} (HTTP/1.1), so TLS follows the JVM's JSSE settings unless a trust or
 * key store is configured. Connection failures, timeouts, 5xx and 429 answers are retried with
 * exponential backoff ({@link RetryPolicy}), moving to the next URL when several are configured;
 * other answers are final. Ids and schemas are cached in both directions for the client's life:
 * the registry never changes the schema behind an id.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    /** Content type of the registry API, version 1. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
    private static final int MAX_ERROR_BODY_CHARS = 500;

    /** Waits between retries; a seam so tests can observe the backoff without waiting. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private record SubjectSchema(String subject, Schema schema) {}

    private final RegistryClientConfig config;
    private final Sleeper sleeper;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Long> unknownIdsUntilNanos = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(RegistryClientConfig config) {
        this(config, duration -> Thread.sleep(duration.toMillis()));
    }

    RestSchemaRegistryClient(RegistryClientConfig config, Sleeper sleeper) {
        this.config = Objects.requireNonNull(config, "config");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (config.urls().isEmpty()) {
            throw new IllegalArgumentException("a REST registry client needs a URL; " + config.mockScope()
                    + " is a mock scope, use SchemaRegistryClient.fromConfigs or MockSchemaRegistry.scope");
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (config.sslContext() != null) {
            builder.sslContext(config.sslContext());
        }
        this.http = builder.build();
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema),
                "register a schema under subject '" + subject + "'");
        int id = requiredInt(answer, "id");
        remember(key, id);
        return id;
    }

    @Override
    public Schema getSchemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Long unknownUntil = unknownIdsUntilNanos.get(id);
        if (unknownUntil != null) {
            if (unknownUntil - System.nanoTime() > 0) {
                throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                        "Schema " + id + " not found (answer remembered for " + RegistryClientConfig.MISSING_ID_CACHE_TTL_SEC + ")");
            }
            unknownIdsUntilNanos.remove(id);
        }
        JsonNode answer;
        try {
            answer = send("GET", "/schemas/ids/" + id, null, "look up schema id " + id);
        } catch (SchemaRegistryException e) {
            if (e.isSchemaNotFound() && !config.missingIdCacheTtl().isZero()) {
                unknownIdsUntilNanos.put(id, System.nanoTime() + config.missingIdCacheTtl().toNanos());
            }
            throw e;
        }
        Schema schema = parseSchema(answer, "schema id " + id);
        Schema existing = schemasById.putIfAbsent(id, schema);
        return existing != null ? existing : schema;
    }

    @Override
    public int getId(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + encode(subject), schemaBody(schema),
                "look up the id of a schema under subject '" + subject + "'");
        int id = requiredInt(answer, "id");
        remember(key, id);
        return id;
    }

    @Override
    public RegisteredSchema getLatestSchema(String subject) {
        JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null,
                "get the latest version of subject '" + subject + "'");
        int id = requiredInt(answer, "id");
        Schema schema = schemasById.get(id);
        if (schema == null) {
            schema = parseSchema(answer, "the latest version of subject '" + subject + "'");
            Schema existing = schemasById.putIfAbsent(id, schema);
            schema = existing != null ? existing : schema;
        }
        return new RegisteredSchema(answer.path("subject").asText(subject), requiredInt(answer, "version"), id, schema);
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient" + config.urls();
    }

    private void remember(SubjectSchema key, int id) {
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, key.schema());
    }

    private byte[] schemaBody(Schema schema) {
        ObjectNode body = json.createObjectNode();
        body.put("schema", schema.toString());
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON request body", e);
        }
    }

    private Schema parseSchema(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equalsIgnoreCase("AVRO")) {
            throw new UnsupportedSchemaException(what + " is a " + type
                    + " schema; Driftwatch reads Avro only (plain JSON is accepted without any registry header)", null);
        }
        JsonNode references = answer.path("references");
        if (references.isArray() && !references.isEmpty()) {
            throw new UnsupportedSchemaException(what + " uses schema references, which this client does not resolve;"
                    + " register the schema with its named types inlined", null);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new UnsupportedSchemaException("the registry's answer for " + what + " has no \"schema\" string", null);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new UnsupportedSchemaException(what + " is not a valid Avro schema: " + e.getMessage(), e);
        }
    }

    private static int requiredInt(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException(200, 0, "the registry's answer has no integer \"" + field + "\": " + answer);
        }
        return value.asInt();
    }

    private static String encode(String subject) {
        Objects.requireNonNull(subject, "subject");
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends one request, retrying transient failures, and returns the parsed 2xx body. */
    private JsonNode send(String method, String path, byte[] body, String purpose) {
        RetryPolicy retry = config.retry();
        int urlCount = config.urls().size();
        for (int attempt = 0; ; attempt++) {
            URI base = config.urls().get(attempt % urlCount);
            HttpRequest request = request(base, method, path, body);
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (attempt < retry.maxRetries()) {
                    backoff(attempt, purpose, base + ": " + describe(e));
                    continue;
                }
                throw new SchemaRegistryException(0, 0, "could not " + purpose + ": the Schema Registry at "
                        + config.urls() + " did not answer after " + (attempt + 1) + " attempt(s) (last: " + describe(e)
                        + "); check schema.registry.url and that the registry is running", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(0, 0, "interrupted while trying to " + purpose, e);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return parseBody(response.body(), purpose);
            }
            SchemaRegistryException error = errorOf(status, response.body(), purpose, base);
            if (error.isTransient() && attempt < retry.maxRetries()) {
                backoff(attempt, purpose, base + " answered " + status);
                continue;
            }
            throw error;
        }
    }

    private HttpRequest request(URI base, String method, String path, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(config.requestTimeout())
                .header("Accept", ACCEPT)
                .header("User-Agent", "driftwatch-schemas");
        config.headers().forEach(builder::header);
        if (body == null) {
            builder.GET();
        } else {
            builder.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return builder.build();
    }

    private void backoff(int attempt, String purpose, String failure) {
        Duration wait = config.retry().waitBefore(attempt);
        LOG.warn("Schema Registry request failed ({}) while trying to {}; retry {} of {} in {} ms", failure, purpose,
                attempt + 1, config.retry().maxRetries(), wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(0, 0, "interrupted while waiting to retry: " + purpose, e);
        }
    }

    private JsonNode parseBody(byte[] body, String purpose) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new SchemaRegistryException(200, 0, "the registry's answer to '" + purpose + "' is not a JSON object: "
                        + abbreviate(new String(body, StandardCharsets.UTF_8)));
            }
            return node;
        } catch (IOException e) {
            throw new SchemaRegistryException(200, 0, "the registry's answer to '" + purpose + "' is not JSON: "
                    + abbreviate(new String(body, StandardCharsets.UTF_8)), e);
        }
    }

    private SchemaRegistryException errorOf(int status, byte[] body, String purpose, URI base) {
        String text = new String(body, StandardCharsets.UTF_8);
        int errorCode = status;
        String message = abbreviate(text);
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject()) {
                if (node.path("error_code").canConvertToInt()) {
                    errorCode = node.get("error_code").asInt();
                }
                if (node.path("message").isTextual()) {
                    message = node.get("message").asText();
                }
            }
        } catch (IOException notJson) {
            // A proxy or load balancer answered with HTML or text; the status and the text say enough.
        }
        String hint = switch (status) {
            case 401 -> "; check basic.auth.user.info or bearer.auth.token";
            case 403 -> "; the credentials lack permission for this subject";
            default -> "";
        };
        return new SchemaRegistryException(status, errorCode, "could not " + purpose + ": " + base + " answered HTTP "
                + status + ", error_code " + errorCode + ": " + message + hint);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " " + message);
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_ERROR_BODY_CHARS ? text : text.substring(0, MAX_ERROR_BODY_CHARS) + "…";
    }
}
