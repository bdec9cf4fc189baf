package io.driftwatch.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One request as the endpoints see it: method, decoded path segments, query parameters, and whether
 * another instance forwarded it.
 *
 * @param method    HTTP method
 * @param segments  the path split at '/', each percent-decoded, empty segments dropped
 * @param query     query parameters, decoded (the first value of a repeated name)
 * @param forwarded true when another instance sent it ({@value #FORWARDED_HEADER}); it is then answered
 *                  from local state and never forwarded again
 * @param accept    the Accept header, or null
 * @param target    the raw path and query, as forwarded to another instance
 */
record ApiRequest(String method, List<String> segments, Map<String, String> query, boolean forwarded,
                  String accept, String target) {

    static final String FORWARDED_HEADER = "X-Driftwatch-Forwarded";
    static final String SCOPE_LOCAL = "local";

    static ApiRequest of(String method, String rawPath, String rawQuery, String forwardedHeader, String accept) {
        List<String> segments = new ArrayList<>();
        for (String raw : (rawPath == null ? "" : rawPath).split("/")) {
            if (!raw.isEmpty()) {
                // In a path '+' is a plus sign, not a space as in a form.
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.putIfAbsent(name, value);
            }
        }
        String target = (rawPath == null || rawPath.isEmpty() ? "/" : rawPath)
            + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
        return new ApiRequest(method, List.copyOf(segments), Map.copyOf(query),
            "true".equalsIgnoreCase(forwardedHeader), accept, target);
    }

    /** A query parameter, or null when absent or empty. */
    String param(String name) {
        String v = query.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** Rejects parameters the endpoint does not know, so a typo is not silently ignored. */
    ApiRequest acceptOnly(String... names) {
        Set<String> known = Set.of(names);
        Set<String> unknown = new TreeSet<>(query.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new BadRequestException("Unknown query parameter(s) " + unknown + " for " + path()
                + "; this endpoint accepts " + new TreeSet<>(known));
        }
        String scope = query.get("scope");
        if (scope != null && !scope.equals(SCOPE_LOCAL)) {
            throw new BadRequestException("scope=" + scope + " is not known; use scope=" + SCOPE_LOCAL
                + " for this instance's own state, or leave it out for the whole cluster");
        }
        return this;
    }

    /** Whether to answer from this instance's stores only: forwarded by another instance, or asked for. */
    boolean localOnly() {
        return forwarded || SCOPE_LOCAL.equals(query.get("scope"));
    }

    String path() {
        return "/" + String.join("/", segments);
    }
}
