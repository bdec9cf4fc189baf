package io.driftwatch.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A fixture standing in for a Schema Registry server, which cannot run here: an HTTP server on
 * 127.0.0.1 answering the four endpoints the client uses as the Schema Registry API reference
 * documents them (bodies, status codes, {@code error_code}s), over a tiny in-memory store. It
 * records every request, and can be told to answer the next requests with canned failures.
 */
final class FakeSchemaRegistryServer implements AutoCloseable {

    /** One request as the server saw it. */
    record Request(String method, String rawPath, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private record Canned(int status, String body) {}

    private static final Pattern VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern LATEST = Pattern.compile("/subjects/([^/]+)/versions/latest");
    private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern SCHEMA_BY_ID = Pattern.compile("/schemas/ids/(-?\\d+)");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Canned> canned = new ArrayDeque<>();
    private final List<String> schemasById = new ArrayList<>();
    private final Map<String, List<Integer>> versions = new HashMap<>();

    private FakeSchemaRegistryServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    /** A plain HTTP server on a free port of 127.0.0.1. */
    static FakeSchemaRegistryServer start() {
        return start(0);
    }

    /** A plain HTTP server on {@code port} of 127.0.0.1. */
    static FakeSchemaRegistryServer start(int port) {
        try {
            return new FakeSchemaRegistryServer(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An HTTPS server on a free port of 127.0.0.1 presenting the key of {@code tls}; with
     * {@code needClientAuth} it also demands a client certificate that {@code tls} trusts.
     */
    static FakeSchemaRegistryServer startTls(SSLContext tls, boolean needClientAuth) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = tls.getDefaultSSLParameters();
                    parameters.setNeedClientAuth(needClientAuth);
                    params.setSSLParameters(parameters);
                }
            });
            return new FakeSchemaRegistryServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Answers the next request with {@code status} and a registry error body, before any normal answer. */
    synchronized void failNext(int status, int errorCode, String message) {
        ObjectNode body = json.createObjectNode().put("error_code", errorCode).put("message", message);
        canned.addLast(new Canned(status, body.toString()));
    }

    /** Answers the next request with {@code status} and {@code body} as it is (e.g. a proxy's HTML). */
    synchronized void failNextRaw(int status, String body) {
        canned.addLast(new Canned(status, body));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        String rawPath = exchange.getRequestURI().getRawPath();
        requests.add(new Request(exchange.getRequestMethod(), rawPath, headers, body));
        Canned answer;
        synchronized (this) {
            answer = canned.isEmpty() ? null : canned.removeFirst();
            if (answer == null) {
                answer = route(exchange.getRequestMethod(), rawPath, body);
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private Canned route(String method, String rawPath, String body) {
        Matcher m;
        if (method.equals("POST") && (m = VERSIONS.matcher(rawPath)).matches()) {
            return register(decode(m.group(1)), body);
        }
        if (method.equals("GET") && (m = LATEST.matcher(rawPath)).matches()) {
            return latest(decode(m.group(1)));
        }
        if (method.equals("POST") && (m = SUBJECT.matcher(rawPath)).matches()) {
            return lookUp(decode(m.group(1)), body);
        }
        if (method.equals("GET") && (m = SCHEMA_BY_ID.matcher(rawPath)).matches()) {
            int id = Integer.parseInt(m.group(1));
            if (id < 1 || id > schemasById.size()) {
                return error(404, 40403, "Schema " + id + " not found");
            }
            return ok(json.createObjectNode().put("schema", schemasById.get(id - 1)));
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    private Canned register(String subject, String body) {
        String schema = schemaOf(body);
        if (schema == null) {
            return error(422, 42201, "Invalid schema");
        }
        int id = schemasById.indexOf(schema) + 1;
        if (id == 0) {
            schemasById.add(schema);
            id = schemasById.size();
        }
        List<Integer> subjectVersions = versions.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!subjectVersions.contains(id)) {
            subjectVersions.add(id);
        }
        return ok(json.createObjectNode().put("id", id));
    }

    private Canned lookUp(String subject, String body) {
        List<Integer> subjectVersions = versions.get(subject);
        if (subjectVersions == null) {
            return error(404, 40401, "Subject '" + subject + "' not found.");
        }
        String schema = schemaOf(body);
        int id = schemasById.indexOf(schema) + 1;
        if (id == 0 || !subjectVersions.contains(id)) {
            return error(404, 40403, "Schema not found");
        }
        return ok(json.createObjectNode().put("subject", subject).put("id", id)
                .put("version", subjectVersions.indexOf(id) + 1).put("schema", schema));
    }

    private Canned latest(String subject) {
        List<Integer> subjectVersions = versions.get(subject);
        if (subjectVersions == null) {
            return error(404, 40401, "Subject '" + subject + "' not found.");
        }
        int id = subjectVersions.get(subjectVersions.size() - 1);
        return ok(json.createObjectNode().put("subject", subject).put("id", id)
                .put("version", subjectVersions.size()).put("schema", schemasById.get(id - 1)));
    }

    /** The registry stores schemas in a canonical form; the Avro JSON of the parsed schema stands in for it. */
    private String schemaOf(String body) {
        try {
            JsonNode request = json.readTree(body);
            return new Schema.Parser().parse(request.get("schema").asText()).toString();
        } catch (IOException | SchemaParseException | NullPointerException e) {
            return null;
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Canned ok(ObjectNode body) {
        return new Canned(200, body.toString());
    }

    private Canned error(int status, int errorCode, String message) {
        return new Canned(status, json.createObjectNode().put("error_code", errorCode).put("message", message).toString());
    }
}
