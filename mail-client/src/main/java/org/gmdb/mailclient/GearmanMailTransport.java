package org.gmdb.mailclient;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.gmdb.gearman.Priority;
import org.gmdb.gearman.ServerAddress;
import org.gmdb.gearman.client.GearmanClient;
import org.gmdb.gearman.client.SubmitOptions;
import org.gmdb.mail.topology.HostPort;

/**
 * {@link MailTransport} over a {@link GearmanClient}. The client picks the job server by a
 * hash of (function, unique), so a background job and the foreground job that waits for it
 * (same function, same unique) meet on the same server and coalesce there.
 *
 * <p>Caveat: if that server fails between the two submissions, the foreground job lands on
 * another server and runs a second time; events are idempotent, so that is only extra work.
 */
public final class GearmanMailTransport implements MailTransport {

    private final GearmanClient client;
    private final boolean ownsClient;

    /** Wraps a client; {@code ownsClient} decides whether {@link #close()} closes it. */
    public GearmanMailTransport(GearmanClient client, boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
    }

    /** A transport with its own client over {@code jobServers}. */
    public static GearmanMailTransport connect(List<HostPort> jobServers, Duration requestTimeout, String clientId) {
        GearmanClient.Builder builder = GearmanClient.builder()
                .servers(jobServers.stream().map(h -> new ServerAddress(h.host(), h.port())).toList())
                .requestTimeout(requestTimeout);
        if (clientId != null) {
            builder.clientId(clientId);
        }
        return new GearmanMailTransport(builder.build(), true);
    }

    @Override
    public CompletableFuture<String> submitBackground(String function, String unique, byte[] payload) {
        return client.submitBackground(function, unique, payload, Priority.NORMAL);
    }

    @Override
    public CompletableFuture<byte[]> submit(String function, String unique, byte[] payload, Priority priority,
            Duration timeout) {
        return client.submit(function, payload, SubmitOptions.DEFAULT.unique(unique).priority(priority).timeout(timeout));
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
