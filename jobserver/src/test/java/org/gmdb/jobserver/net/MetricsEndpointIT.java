package org.gmdb.jobserver.net;

import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The server wires metrics: events from the engine and per-function gauges from its snapshot, served over HTTP. */
class MetricsEndpointIT {

    @Test
    void shouldServeQueueDepthAndCountersOfARunningServer() throws Exception {
        try (ServerFixture fx = new ServerFixture(b -> b.metricsPort(0))) {
            RawConnection c = fx.connect();
            c.send(SUBMIT_JOB_BG, "mail1", "", "a").send(SUBMIT_JOB_BG, "mail1", "", "b");
            assertEquals(JOB_CREATED, c.readPacket().type());
            assertEquals(JOB_CREATED, c.readPacket().type());
            int port = fx.server.metricsPort();
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            String body = response.body();
            assertTrue(body.contains("gmdb_jobserver_jobs_queued{function=\"mail1\"} 2.0"), body);
            assertTrue(body.contains("gmdb_jobserver_jobs_submitted_total{background=\"true\",function=\"mail1\"} 2.0"),
                    body);
        }
    }
}
