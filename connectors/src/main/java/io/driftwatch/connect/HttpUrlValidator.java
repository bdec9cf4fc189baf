package io.driftwatch.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Accepts absolute {@code http://} or {@code https://} URLs without credentials in them, given as a
 * string, a list of strings or a {@link Password}. A rejected password value is not echoed.
 */
final class HttpUrlValidator implements ConfigDef.Validator {

    private final boolean atLeastOne;

    private HttpUrlValidator(boolean atLeastOne) {
        this.atLeastOne = atLeastOne;
    }

    /** For a single URL (STRING or PASSWORD). */
    static HttpUrlValidator single() {
        return new HttpUrlValidator(false);
    }

    /** For a non-empty LIST of URLs. */
    static HttpUrlValidator nonEmptyList() {
        return new HttpUrlValidator(true);
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value instanceof List<?> urls) {
            if (atLeastOne && urls.isEmpty()) {
                throw new ConfigException(name, value, "Give at least one URL, e.g. http://alertmanager:9093");
            }
            for (Object url : urls) {
                check(name, String.valueOf(url), String.valueOf(url));
            }
        } else if (value instanceof Password password) {
            check(name, password.value(), "[hidden]");
        } else if (value != null) {
            check(name, value.toString(), value.toString());
        } else {
            throw new ConfigException(name, null, "A URL is required, e.g. https://hooks.example.com/driftwatch");
        }
    }

    private static void check(String name, String url, String shown) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(name, shown, "Not a valid URL: " + (shown.equals(url) ? e.getMessage() : "syntax error"));
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new ConfigException(name, shown, "Must be an absolute http:// or https:// URL with a host,"
                    + " e.g. http://alertmanager:9093");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException(name, "[hidden]", "Must not contain credentials (user:password@);"
                    + " put them in " + HttpConfig.AUTH_HEADER_VALUE + " (a PASSWORD, best taken from a config"
                    + " provider such as ${file:/path/secrets.properties:token})");
        }
    }

    @Override
    public String toString() {
        return atLeastOne ? "non-empty list of http:// or https:// URLs" : "http:// or https:// URL";
    }
}
