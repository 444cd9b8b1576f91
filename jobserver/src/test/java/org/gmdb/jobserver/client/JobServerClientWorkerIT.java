package org.gmdb.jobserver.client;

import org.gmdb.gearman.testing.AbstractClientWorkerIT;
import org.gmdb.gearman.testing.ServerUnderTest;
import org.gmdb.gearman.testing.TestPorts;
import org.gmdb.jobserver.JobServer;
import org.gmdb.jobserver.JobServerConfig;

/**
 * The Java client and worker against our own job server: the same tests the gearman module
 * runs against gearmand 1.1.20, so both servers are held to one standard.
 */
class JobServerClientWorkerIT extends AbstractClientWorkerIT {

    @Override
    protected ServerUnderTest startServer() {
        return new InProcessJobServer(TestPorts.freePort());
    }

    /** Our server in this JVM; {@link #kill()} drops every connection at once, as a crash would. */
    private static final class InProcessJobServer implements ServerUnderTest {

        private final int port;
        private JobServer server;

        InProcessJobServer(int port) {
            this.port = port;
            start();
        }

        private void start() {
            server = JobServer.start(JobServerConfig.builder().listen("127.0.0.1").port(port).build());
        }

        @Override
        public String hostPort() {
            return "127.0.0.1:" + port;
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
                server = null;
            }
        }

        @Override
        public void kill() {
            stop();
        }

        @Override
        public void restart() {
            stop();
            start();
        }

        @Override
        public boolean isRunning() {
            return server != null;
        }
    }
}
