package io.driftwatch.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer: status, content type, body and any further headers.
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";
    /** How long a client should wait before retrying when state is unavailable (rebalance, start-up). */
    static final int RETRY_AFTER_SECONDS = 1;

    static Reply json(int status, JsonNode body) {
        try {
            return new Reply(status, JSON, ApiJson.MAPPER.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON answer: " + e.getMessage(), e);
        }
    }

    static Reply text(int status, String contentType, String body) {
        return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** {@code {"status": 404, "error": "..."}}. */
    static Reply error(int status, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", status);
        body.put("error", message);
        return json(status, body);
    }

    /** 503 with a {@code Retry-After} header and the same hint in the body. */
    static Reply unavailable(String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", 503);
        body.put("error", message);
        body.put("retry_after_seconds", RETRY_AFTER_SECONDS);
        return json(503, body).withHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }

    Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, contentType, body, Map.copyOf(h));
    }
}
