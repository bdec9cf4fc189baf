package io.driftwatch.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints of one Driftwatch instance, on the JDK's own HTTP server: {@code /metrics},
 * {@code /health}, {@code /ready}, and the JSON API over the instance's state and the cluster's
 * ({@code /api/models}, {@code /api/models/{id}/reports/latest}, {@code /api/alerts}); see
 * {@code docs/http-api.md}.
 *
 * <p>The server can listen before Kafka Streams exists (its {@code application.server} needs the
 * bound port): until {@link #serve} is given the instance's {@link InstanceQueries}, the health
 * endpoints report the streams as CREATED and the API answers 503 with a retry hint.
 *
 * <p>Requests run on a small fixed pool with a bounded queue; when both are full the accepting
 * thread answers itself, which slows acceptance instead of dropping connections. {@link #close}
 * stops accepting, lets requests in flight finish for up to the grace period, then stops.
 */
public final class DriftwatchHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DriftwatchHttpServer.class);

    /**
     * Tuning of the server.
     *
     * @param threads       threads answering clients' requests (each may wait up to {@code peerTimeout} on another
     *                      instance), and as many answering other instances' requests
     * @param queueCapacity clients' requests waiting for a thread before more are answered 503 (retry shortly);
     *                      other instances' requests waiting before the accepting thread answers them itself
     * @param peerTimeout   how long to wait for another instance when forwarding or gathering
     * @param closeGrace    how long {@link #close} lets requests in flight finish
     */
    public record Options(int threads, int queueCapacity, Duration peerTimeout, Duration closeGrace) {

        public Options {
            if (threads < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException("HTTP server needs at least 1 thread and a queue of at least 1;"
                    + " got threads=" + threads + ", queueCapacity=" + queueCapacity);
            }
            Objects.requireNonNull(peerTimeout, "peerTimeout");
            Objects.requireNonNull(closeGrace, "closeGrace");
            if (peerTimeout.isNegative() || peerTimeout.isZero() || closeGrace.isNegative()) {
                throw new IllegalArgumentException("peerTimeout must be positive and closeGrace not negative; got "
                    + peerTimeout + " and " + closeGrace);
            }
        }

        /** 4 threads, 64 queued requests, 2 s for another instance, 5 s to finish on close. */
        public static Options defaults() {
            return new Options(4, 64, Duration.ofSeconds(2), Duration.ofSeconds(5));
        }

        public Options withPeerTimeout(Duration timeout) {
            return new Options(threads, queueCapacity, timeout, closeGrace);
        }
    }

    private final Options options;
    private final ApiRoutes routes;
    private final ExecutorService peerExecutor;
    private final Object inFlightLock = new Object();
    private volatile InstanceQueries queries = NOT_STARTED;
    private volatile boolean closing;
    private int inFlight;
    private HttpServer server;
    private ThreadPoolExecutor handlers;
    private ThreadPoolExecutor clientWork;
    private boolean closed;

    /** A server over {@code queries} with the default {@link Options}; call {@link #start} next. */
    public DriftwatchHttpServer(PrometheusMeterRegistry metrics, InstanceQueries queries) {
        this(metrics, Options.defaults());
        serve(queries);
    }

    /** A server that answers from {@link #serve}'s queries once given; call {@link #start} next. */
    public DriftwatchHttpServer(PrometheusMeterRegistry metrics, Options options) {
        Objects.requireNonNull(metrics, "metrics");
        this.options = Objects.requireNonNull(options, "options");
        this.peerExecutor = Executors.newFixedThreadPool(2, threads("driftwatch-http-peer-"));
        PeerClient peers = new PeerClient(options.peerTimeout(), peerExecutor);
        ClusterList lists = new ClusterList(peers);
        ApiJson json = new ApiJson();
        this.routes = new ApiRoutes(new MetricsEndpoint(metrics), new HealthEndpoints(this::queries),
            new ModelEndpoints(this::queries, peers, lists, json), new AlertEndpoint(this::queries, lists, json),
            new ComparisonEndpoint(this::queries, peers, json));
    }

    /**
     * Answers from {@code queries} from now on (typically a {@link KafkaStreamsInstanceQueries} once
     * Kafka Streams is created; again with a new one if Kafka Streams is ever replaced).
     */
    public DriftwatchHttpServer serve(InstanceQueries queries) {
        this.queries = Objects.requireNonNull(queries, "queries");
        return this;
    }

    /**
     * Listens on {@code host:port} ({@code 0.0.0.0} for every interface; port 0 for any free port, see
     * {@link #port()}) and starts answering.
     *
     * @throws IOException when the address cannot be bound, with the reason and the setting to change
     */
    public synchronized DriftwatchHttpServer start(String host, int port) throws IOException {
        if (server != null || closed) {
            throw new IllegalStateException("The HTTP server has already been " + (closed ? "closed" : "started")
                + "; create a new one");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("http.host=" + host + " cannot be resolved; give an address of this machine,"
                + " or 0.0.0.0 for every interface");
        }
        HttpServer created;
        try {
            created = HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new IOException("Cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); another"
                + " process may use the port: choose another http.port, or 0 for any free one", e);
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(options.threads(), options.threads(), 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(options.queueCapacity()), threads("driftwatch-http-"),
            new ThreadPoolExecutor.CallerRunsPolicy());
        // Clients' requests, which may wait on other instances, run here; when it is full they are told to retry.
        ThreadPoolExecutor clients = new ThreadPoolExecutor(options.threads(), options.threads(), 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(options.queueCapacity()), threads("driftwatch-http-client-"),
            new ThreadPoolExecutor.AbortPolicy());
        created.createContext("/", this::handle);
        created.setExecutor(pool);
        created.start();
        this.server = created;
        this.handlers = pool;
        this.clientWork = clients;
        LOG.info("HTTP endpoints listening at {} (bound to {}:{})", url(), host, port());
        return this;
    }

    /** The port listened on. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("The HTTP server has not been started; call start(host, port) first");
        }
        return server.getAddress().getPort();
    }

    /** The server's base URL from this machine, e.g. {@code http://127.0.0.1:8080} (loopback for a wildcard bind). */
    public synchronized String url() {
        int port = port();
        InetAddress bound = server.getAddress().getAddress();
        InetAddress reachable = bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound;
        String host = reachable.getHostAddress();
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Stops accepting, lets requests in flight finish within the grace period, and stops. Idempotent. */
    @Override
    public void close() {
        HttpServer s;
        ThreadPoolExecutor pool;
        ThreadPoolExecutor clients;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
            s = server;
            pool = handlers;
            clients = clientWork;
        }
        try {
            if (s != null) {
                long deadline = System.nanoTime() + options.closeGrace().toNanos();
                awaitNoneInFlight(deadline);
                s.stop(0);
                pool.shutdown();
                clients.shutdown();
                if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    pool.shutdownNow();
                }
                if (!clients.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    clients.shutdownNow();
                }
                LOG.info("HTTP endpoints stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (pool != null) {
                pool.shutdownNow();
                clients.shutdownNow();
            }
        } finally {
            peerExecutor.shutdownNow();
        }
    }

    private InstanceQueries queries() {
        return queries;
    }

    /**
     * Another instance's request ({@link ApiRequest#FORWARDED_HEADER}) is answered from this instance's
     * stores at once, on the accepting pool. A client's request may wait on other instances, so it runs
     * on a pool of its own: with one pool, two instances gathering from each other at once could fill
     * both pools with requests waiting for the other's answers, and the answers waited behind them
     * until the peer timeout (lists came back partial, forwards 503).
     */
    private void handle(HttpExchange exchange) {
        synchronized (inFlightLock) {
            inFlight++;
        }
        if (exchange.getRequestHeaders().getFirst(ApiRequest.FORWARDED_HEADER) == null) {
            try {
                clientWork.execute(() -> respond(exchange, null));
                return;
            } catch (java.util.concurrent.RejectedExecutionException busy) {
                respond(exchange, Reply.unavailable("This instance is answering as many requests as it can; retry shortly"));
                return;
            }
        }
        respond(exchange, null);
    }

    /** Writes {@code reply}, or this request's answer when null, and ends the exchange. */
    private void respond(HttpExchange exchange, Reply reply) {
        try {
            write(exchange, reply != null ? reply : answer(exchange));
        } catch (IOException e) {
            LOG.debug("Client of {} went away: {}", exchange.getRequestURI(), e.toString());
        } finally {
            exchange.close();
            synchronized (inFlightLock) {
                inFlight--;
                inFlightLock.notifyAll();
            }
        }
    }

    private Reply answer(HttpExchange exchange) {
        if (closing) {
            return Reply.unavailable("This instance is shutting down; ask another one");
        }
        // The JDK server has already rejected request targets that are not valid URIs (bad %XX escapes).
        URI uri = exchange.getRequestURI();
        return routes.handle(ApiRequest.of(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
            exchange.getRequestHeaders().getFirst(ApiRequest.FORWARDED_HEADER),
            exchange.getRequestHeaders().getFirst("Accept")));
    }

    private static void write(HttpExchange exchange, Reply reply) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", reply.contentType());
        headers.set("Cache-Control", "no-store");
        reply.headers().forEach(headers::set);
        if ("HEAD".equals(exchange.getRequestMethod()) || reply.body().length == 0) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    private void awaitNoneInFlight(long deadline) throws InterruptedException {
        synchronized (inFlightLock) {
            long remaining;
            while (inFlight > 0 && (remaining = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(inFlightLock, remaining);
            }
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Until {@link #serve} is called: Kafka Streams does not exist yet. */
    private static final InstanceQueries NOT_STARTED = new StartingQueries("Kafka Streams is not up yet");
}
