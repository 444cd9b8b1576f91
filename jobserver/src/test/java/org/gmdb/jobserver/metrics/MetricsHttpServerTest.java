package org.gmdb.jobserver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gmdb.jobserver.metrics.ServerMetrics.FunctionSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsHttpServerTest {

    private static final String P = PrometheusMetrics.PREFIX;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PrometheusMetrics metrics;
    private MetricsHttpServer server;

    @BeforeEach
    void start() throws Exception {
        metrics = new PrometheusMetrics();
        server = MetricsHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                metrics);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldServeParsableTextWithTheExpectedNamesAndLabels() throws Exception {
        metrics.jobSubmitted("mail1@a", true);
        metrics.jobCompleted("mail1@a", 1_000_000);
        metrics.connectionOpened();
        metrics.snapshotSource(() -> List.of(new FunctionSnapshot("mail1@a", 4, 1, 3)));

        HttpResponse<String> response = get("/metrics", "GET");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Double> s = TextFormat.parse(response.body());
        assertEquals(1.0, s.get(P + "jobs_submitted_total{background=\"true\",function=\"mail1@a\"}"));
        assertEquals(1.0, s.get(P + "jobs_completed_total{function=\"mail1@a\"}"));
        assertEquals(1.0, s.get(P + "job_duration_seconds_count{function=\"mail1@a\"}"));
        assertEquals(1.0, s.get(P + "connections"));
        assertEquals(4.0, s.get(P + "jobs_queued{function=\"mail1@a\"}"));
        assertEquals(1.0, s.get(P + "jobs_running{function=\"mail1@a\"}"));
        assertEquals(3.0, s.get(P + "workers{function=\"mail1@a\"}"));
        assertTrue(response.body().contains("# TYPE " + P + "job_duration_seconds histogram"),
                response.body());
    }

    @Test
    void shouldShowCountersMovingBetweenScrapes() throws Exception {
        metrics.jobRetried("f");
        assertEquals(1.0, TextFormat.parse(get("/metrics", "GET").body())
                .get(P + "jobs_retried_total{function=\"f\"}"));

        metrics.jobRetried("f");
        metrics.jobRetried("f");

        assertEquals(3.0, TextFormat.parse(get("/metrics", "GET").body())
                .get(P + "jobs_retried_total{function=\"f\"}"));
    }

    @Test
    void shouldAnswerOtherPathsWith404AndOtherMethodsWith405() throws Exception {
        assertEquals(404, get("/", "GET").statusCode());
        assertEquals(404, get("/metricsx", "GET").statusCode());
        HttpResponse<String> post = get("/metrics", "POST");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void shouldBindAnEphemeralPortWhenAskedForPortZero() {
        assertTrue(server.port() > 0, "port " + server.port());
    }

    private HttpResponse<String> get(String path, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
