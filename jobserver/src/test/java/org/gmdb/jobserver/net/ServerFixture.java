package org.gmdb.jobserver.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.gmdb.jobserver.JobServer;
import org.gmdb.jobserver.JobServerConfig;

/** A JobServer in this JVM on a free port of 127.0.0.1, and the raw connections opened to it. */
final class ServerFixture implements AutoCloseable {

    static final String PREFIX = "H:it";

    final JobServer server;
    private final List<RawConnection> connections = new ArrayList<>();

    ServerFixture() {
        this(b -> b);
    }

    ServerFixture(UnaryOperator<JobServerConfig.Builder> options) {
        server = JobServer.start(options.apply(JobServerConfig.builder().listen("127.0.0.1").port(0)
                .handlePrefix(PREFIX)).build());
    }

    RawConnection connect() throws IOException {
        RawConnection c = new RawConnection(server.port());
        connections.add(c);
        return c;
    }

    /** A connection with small socket buffers: what it does not read backs up into the server quickly. */
    RawConnection connectSlow() throws IOException {
        RawConnection c = new RawConnection(server.port(), 32 * 1024);
        connections.add(c);
        return c;
    }

    @Override
    public void close() throws IOException {
        for (RawConnection c : connections) {
            c.close();
        }
        server.close();
    }
}
