package org.gmdb.jobserver.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /metrics} in the Prometheus text format 0.0.4, on the JDK's HTTP server
 * with one daemon thread. Anything else gets 404 (other paths) or 405 (other methods).
 *
 * <p>Caveat: no TLS, no authentication; bind it to an address only the scraper can reach.
 */
public final class MetricsHttpServer implements AutoCloseable {

    public static final String PATH = "/metrics";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private MetricsHttpServer(HttpServer server, ExecutorService executor, PrometheusRegistry registry) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
    }

    /** Serves {@code metrics} on {@code address}; port 0 picks a free port, see {@link #port()}. */
    public static MetricsHttpServer start(InetSocketAddress address, PrometheusMetrics metrics)
            throws IOException {
        return start(address, metrics.registry());
    }

    /** Serves a registry on {@code address}; port 0 picks a free port, see {@link #port()}. */
    public static MetricsHttpServer start(InetSocketAddress address, PrometheusRegistry registry)
            throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + address + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gmdb-metrics-http");
            t.setDaemon(true);
            return t;
        });
        MetricsHttpServer metricsServer = new MetricsHttpServer(server, executor, registry);
        server.createContext("/", metricsServer::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("serving metrics on http://{}:{}{}", address.getHostString(),
                server.getAddress().getPort(), PATH);
        return metricsServer;
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                sendText(exchange, 404, "not found: try " + PATH + "\n");
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendText(exchange, 405, "method " + method + " not allowed (expected: GET, HEAD)\n");
                return;
            }
            // Render first, so a failing collector gives a 500 rather than a cut-off 200.
            ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
            try {
                writer.write(body, registry.scrape());
            } catch (RuntimeException e) {
                LOG.warn("metrics scrape failed", e);
                sendText(exchange, 500, "scrape failed: " + e + "\n");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.size());
            try (OutputStream out = exchange.getResponseBody()) {
                body.writeTo(out);
            }
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
