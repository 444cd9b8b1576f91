package org.gmdb.jobserver.compat.support;

import java.util.OptionalLong;
import org.gmdb.jobserver.JobServer;
import org.gmdb.jobserver.JobServerConfig;

/**
 * Our job server started inside the test JVM through
 * {@code JobServer.start(JobServerConfig.builder().listen(..).port(..).jobRetries(..).build())}.
 * Starts in milliseconds, so every differential scenario gets a fresh one.
 *
 * <p>Caveat: no persistent queue here: tests with MySQL use {@link OurServerProcess}.
 */
public final class OurServerInProcess implements PeerServer {

    private final PeerOptions options;
    private JobServer server;
    private int port;

    public OurServerInProcess(PeerOptions options) {
        if (options.mysqlDatabase() != null) {
            throw new IllegalArgumentException("the in-process peer has no MySQL queue; use OurServerProcess");
        }
        this.options = options;
    }

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public boolean isGearmand() {
        return false;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("ours already runs on " + port);
        }
        server = JobServer.start(JobServerConfig.builder()
                .listen(host()).port(port).jobRetries(options.jobRetries()).build());
        port = server.port();
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } finally {
            server = null;
        }
    }

    @Override
    public void kill() {
        stop();
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(ProcessHandle.current().pid());
    }

    @Override
    public String logTail() {
        return "(in-process: see the test output)";
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "ours(in-process)@" + address();
    }
}
