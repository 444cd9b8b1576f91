package org.gmdb.mailstore.testing;

import org.gmdb.gearman.testing.GearmandServer;
import org.gmdb.jobserver.JobServer;
import org.gmdb.jobserver.JobServerConfig;

/** Which job server a test cluster runs on: Debian's gearmand, or ours in-process. Both must carry the mail store. */
public enum JobServerKind {
    GEARMAND, GMDB;

    /** A running job server on 127.0.0.1: its port, and close to stop it. */
    public interface Running extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    public Running start() {
        if (this == GEARMAND) {
            GearmandServer g = GearmandServer.start();
            return new Running() {
                public int port() {
                    return g.port();
                }

                public void close() {
                    g.close();
                }
            };
        }
        JobServer server = JobServer.start(JobServerConfig.builder().listen("127.0.0.1").port(0).build());
        return new Running() {
            public int port() {
                return server.port();
            }

            public void close() {
                server.close();
            }
        };
    }
}
