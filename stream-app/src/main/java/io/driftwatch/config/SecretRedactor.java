package io.driftwatch.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Hides the values of settings that can hold credentials, so configuration can be logged. */
public final class SecretRedactor {

    private static final String[] SECRET_MARKERS = {
        "password", "secret", "jaas", "token", "user.info", "credentials"
    };

    private SecretRedactor() {
    }

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String marker : SECRET_MARKERS) {
            if (k.contains(marker) && !k.endsWith(".location") && !k.endsWith(".type")
                && !k.endsWith(".source") && !k.endsWith(".mechanism")) {
                return true;
            }
        }
        return false;
    }

    /** A sorted copy with secret values replaced by {@code [hidden]}. */
    public static Map<String, String> redact(Map<String, ?> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k, isSecret(k) ? "[hidden]" : String.valueOf(v)));
        return out;
    }
}
