package org.gmdb.jobserver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gmdb.jobserver.metrics.ServerMetrics.FunctionSnapshot;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {

    private static final String P = PrometheusMetrics.PREFIX;

    @Test
    void shouldCountSubmissionsByFunctionAndBackground() throws Exception {
        PrometheusMetrics metrics = new PrometheusMetrics();

        metrics.jobSubmitted("mail1@a", true);
        metrics.jobSubmitted("mail1@a", true);
        metrics.jobSubmitted("mail1", false);

        Map<String, Double> s = scrape(metrics);
        assertEquals(2.0, s.get(P + "jobs_submitted_total{background=\"true\",function=\"mail1@a\"}"));
        assertEquals(1.0, s.get(P + "jobs_submitted_total{background=\"false\",function=\"mail1\"}"));
    }

    @Test
    void shouldCountEndsAndRetriesAndObserveDurations() throws Exception {
        PrometheusMetrics metrics = new PrometheusMetrics();

        metrics.jobCompleted("reverse", TimeUnit.MILLISECONDS.toNanos(3));
        metrics.jobCompleted("reverse", TimeUnit.SECONDS.toNanos(2));
        metrics.jobFailed("reverse", TimeUnit.MILLISECONDS.toNanos(20));
        metrics.jobRetried("reverse");

        Map<String, Double> s = scrape(metrics);
        assertEquals(2.0, s.get(P + "jobs_completed_total{function=\"reverse\"}"));
        assertEquals(1.0, s.get(P + "jobs_failed_total{function=\"reverse\"}"));
        assertEquals(1.0, s.get(P + "jobs_retried_total{function=\"reverse\"}"));
        assertEquals(3.0, s.get(P + "job_duration_seconds_count{function=\"reverse\"}"));
        assertEquals(2.023, s.get(P + "job_duration_seconds_sum{function=\"reverse\"}"), 1e-9);
        assertEquals(1.0, s.get(P + "job_duration_seconds_bucket{function=\"reverse\",le=\"0.005\"}"));
        assertEquals(2.0, s.get(P + "job_duration_seconds_bucket{function=\"reverse\",le=\"0.025\"}"));
        assertEquals(3.0, s.get(P + "job_duration_seconds_bucket{function=\"reverse\",le=\"+Inf\"}"));
    }

    @Test
    void shouldTrackOpenConnections() throws Exception {
        PrometheusMetrics metrics = new PrometheusMetrics();

        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionClosed();

        assertEquals(2.0, scrape(metrics).get(P + "connections"));
    }

    @Test
    void shouldReadFunctionGaugesFromTheSnapshotOncePerScrape() throws Exception {
        PrometheusMetrics metrics = new PrometheusMetrics();
        int[] calls = {0};
        metrics.snapshotSource(() -> {
            calls[0]++;
            return List.of(new FunctionSnapshot("mail1@a", 5, 1, 2),
                    new FunctionSnapshot("mail2@b", 0, 0, 1));
        });

        Map<String, Double> s = scrape(metrics);

        assertEquals(1, calls[0]);
        assertEquals(5.0, s.get(P + "jobs_queued{function=\"mail1@a\"}"));
        assertEquals(1.0, s.get(P + "jobs_running{function=\"mail1@a\"}"));
        assertEquals(2.0, s.get(P + "workers{function=\"mail1@a\"}"));
        assertEquals(0.0, s.get(P + "jobs_queued{function=\"mail2@b\"}"));
        assertEquals(1.0, s.get(P + "workers{function=\"mail2@b\"}"));
    }

    @Test
    void shouldServeCountersWhenTheSnapshotSourceFails() throws Exception {
        PrometheusMetrics metrics = new PrometheusMetrics();
        metrics.jobRetried("f");
        metrics.snapshotSource(() -> {
            throw new IllegalStateException("engine is gone");
        });

        Map<String, Double> s = scrape(metrics);

        assertEquals(1.0, s.get(P + "jobs_retried_total{function=\"f\"}"));
        assertFalse(s.keySet().stream().anyMatch(k -> k.startsWith(P + "jobs_queued{")));
    }

    @Test
    void shouldReportFunctionsPastTheCapAsOther() throws Exception {
        PrometheusMetrics metrics = new PrometheusMetrics(2);
        metrics.jobSubmitted("a", true);
        metrics.jobSubmitted("b", true);
        metrics.jobSubmitted("c", true);
        metrics.jobSubmitted("d", true);
        metrics.jobSubmitted("a", true);
        metrics.snapshotSource(() -> List.of(new FunctionSnapshot("a", 1, 0, 0),
                new FunctionSnapshot("c", 2, 0, 0), new FunctionSnapshot("d", 3, 0, 0)));

        Map<String, Double> s = scrape(metrics);

        assertEquals(2.0, s.get(P + "jobs_submitted_total{background=\"true\",function=\"a\"}"));
        assertEquals(1.0, s.get(P + "jobs_submitted_total{background=\"true\",function=\"b\"}"));
        assertEquals(2.0, s.get(P + "jobs_submitted_total{background=\"true\",function=\"other\"}"));
        assertEquals(5.0, s.get(P + "jobs_queued{function=\"other\"}"));
        assertTrue(s.keySet().stream().noneMatch(k -> k.contains("function=\"c\"")));
    }

    @Test
    void shouldReportThePersistentQueueWriterAtScrapeTime() throws Exception {
        PrometheusMetrics metrics = new PrometheusMetrics();
        assertEquals(0.0, scrape(metrics).get(P + "queue_transactions_total"));

        metrics.persistentQueueSource(() -> new QueueStats(7, 3, 100, 40, 2));

        Map<String, Double> s = scrape(metrics);
        assertEquals(7.0, s.get(P + "queue_backlog"));
        assertEquals(3.0, s.get(P + "queue_transactions_total"));
        assertEquals(100.0, s.get(P + "queue_rows_inserted_total"));
        assertEquals(40.0, s.get(P + "queue_rows_deleted_total"));
        assertEquals(2.0, s.get(P + "queue_write_failures_total"));
    }

    @Test
    void shouldEscapeFunctionNamesThatNeedItInLabels() throws Exception {
        PrometheusMetrics metrics = new PrometheusMetrics();

        metrics.jobSubmitted("quote\"back\\slash\nnewline", false);

        String text = render(metrics);
        assertTrue(text.contains("function=\"quote\\\"back\\\\slash\\nnewline\""), text);
        TextFormat.parse(text);
    }

    static Map<String, Double> scrape(PrometheusMetrics metrics) throws Exception {
        return TextFormat.parse(render(metrics));
    }

    private static String render(PrometheusMetrics metrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
