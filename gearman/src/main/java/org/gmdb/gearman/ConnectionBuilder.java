package org.gmdb.gearman;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gmdb.gearman.protocol.GearmanConstants;

/**
 * The settings a client and a worker share: which job servers, how to reach them, how to
 * reconnect, and how they appear in the server's {@code workers} list.
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 */
public abstract class ConnectionBuilder<B extends ConnectionBuilder<B>> {

    private final List<ServerAddress> servers = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration backoffInitial = Duration.ofMillis(100);
    private Duration backoffMax = Duration.ofSeconds(5);
    private String clientId;
    private int ioThreads = 1;
    private int maxPayload = GearmanConstants.DEFAULT_MAX_PAYLOAD;

    protected ConnectionBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Job servers as {@code host:port} separated by commas or spaces; adds to any given before. */
    public B servers(String hostPorts) {
        servers.addAll(ServerAddress.parseList(hostPorts));
        return self();
    }

    public B servers(List<ServerAddress> addresses) {
        servers.addAll(addresses);
        return self();
    }

    public B connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connect timeout");
        return self();
    }

    /** Delay before reconnecting to a server that failed: initial, doubling up to max. */
    public B reconnectBackoff(Duration initial, Duration max) {
        this.backoffInitial = positive(initial, "initial backoff");
        this.backoffMax = positive(max, "max backoff");
        return self();
    }

    /** Sent as SET_CLIENT_ID; shows in the server's {@code workers} list. */
    public B clientId(String clientId) {
        this.clientId = clientId;
        return self();
    }

    public B ioThreads(int ioThreads) {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("io threads " + ioThreads + " (expected: >= 1)");
        }
        this.ioThreads = ioThreads;
        return self();
    }

    /** Largest packet payload accepted from a server (job data, results). */
    public B maxPayload(int maxPayload) {
        this.maxPayload = maxPayload;
        return self();
    }

    /** The shared settings, checked as a whole; for {@code build()}. */
    protected ConnectionSettings connectionSettings() {
        if (servers.isEmpty()) {
            throw new IllegalStateException("no job servers given");
        }
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalStateException("max backoff " + backoffMax + " below initial " + backoffInitial);
        }
        return new ConnectionSettings(List.copyOf(servers), connectTimeout, backoffInitial, backoffMax, clientId,
                ioThreads, maxPayload);
    }

    protected static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " " + d + " (expected: > 0)");
        }
        return d;
    }
}
