package io.driftwatch.connect;

import java.net.URI;
import java.util.Objects;

/**
 * Where to POST, and how to name it in logs and error messages.
 *
 * @param uri  the full URL requests go to
 * @param name what messages show: the full URL where it is no secret, scheme and host where the
 *             URL itself is a credential (Slack-style webhook URLs)
 */
record HttpEndpoint(URI uri, String name) {

    HttpEndpoint {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(name, "name");
    }

    /** An endpoint whose URL may be shown in full. */
    static HttpEndpoint shown(URI uri) {
        return new HttpEndpoint(uri, uri.toString());
    }

    /** An endpoint whose URL is secret: messages show only scheme, host and port. */
    static HttpEndpoint secret(URI uri) {
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return new HttpEndpoint(uri, uri.getScheme() + "://" + uri.getHost() + port + "/...");
    }

    @Override
    public String toString() {
        return name;
    }
}
