package io.driftwatch.http;

import io.driftwatch.config.DriftwatchConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Objects;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where the other instances reach this instance's HTTP API. Kafka Streams carries it to them as
 * {@code application.server} ({@link StreamsConfig#APPLICATION_SERVER_CONFIG}, {@code host:port});
 * the API forwards requests to {@code http://host:port} of the instance that holds a model.
 *
 * <p>{@code http.advertised.url} wins when set (behind NAT, port mapping or a service name);
 * otherwise the bound host and port are used, with this machine's host name for a wildcard bind
 * ({@code 0.0.0.0}, {@code ::}).
 */
public record AdvertisedEndpoint(String host, int port) {

    public AdvertisedEndpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("Advertised endpoint " + host + ":" + port
                + " is not reachable; give a host name and a port in 1..65535");
        }
    }

    /**
     * The endpoint to advertise for a server started with {@code http}'s settings.
     *
     * @param boundPort the port the server actually listens on ({@link DriftwatchHttpServer#port()}),
     *                  which differs from {@code http.port} when that is 0
     */
    public static AdvertisedEndpoint of(DriftwatchConfig.HttpSettings http, int boundPort) {
        if (http.advertisedUrl() != null && !http.advertisedUrl().isBlank()) {
            return fromUrl(http.advertisedUrl());
        }
        String host = http.host();
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("http.host=" + http.host() + " listens on every interface and this"
                    + " machine's host name cannot be resolved (" + e.getMessage() + "); set http.advertised.url to"
                    + " the URL other instances reach this one at, e.g. http://10.0.0.7:" + boundPort, e);
            }
        }
        return new AdvertisedEndpoint(host, boundPort);
    }

    /** Parses {@code http.advertised.url}: {@code http://host[:port]}, nothing after the authority. */
    public static AdvertisedEndpoint fromUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("http.advertised.url=" + url + " is not a URL (" + e.getMessage()
                + "); give it as http://host:port", e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
            || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
            || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("http.advertised.url=" + url + " must be http://host:port with no path:"
                + " instances call each other's API there over plain HTTP (Kafka Streams carries only host and port)");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new AdvertisedEndpoint(host, uri.getPort() < 0 ? 80 : uri.getPort());
    }

    /** An {@code application.server} value ({@code host:port}) configured directly, e.g. as {@code kafka.application.server}. */
    public static AdvertisedEndpoint fromApplicationServer(String hostPort) {
        HostInfo parsed;
        try {
            parsed = HostInfo.buildFromEndpoint(hostPort);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("application.server=" + hostPort + " is not host:port ("
                + e.getMessage() + "); give the host and HTTP port other instances reach this one at", e);
        }
        if (parsed == null) {
            throw new IllegalArgumentException("application.server is empty; give host:port of this instance's HTTP API");
        }
        return new AdvertisedEndpoint(parsed.host(), parsed.port());
    }

    /** The value of Kafka Streams' {@code application.server}. */
    public String applicationServer() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** What {@link KafkaStreamsInstanceQueries} takes as {@code self}. */
    public HostInfo hostInfo() {
        return new HostInfo(host, port);
    }

    /** The API base URL, as other instances call it. */
    public URI baseUrl() {
        return KafkaStreamsInstanceQueries.baseUrl(hostInfo());
    }
}
