package org.gmdb.gearman.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gmdb.gearman.testing.AbstractClientWorkerIT;
import org.gmdb.gearman.testing.GearmandServer;
import org.gmdb.gearman.testing.ServerUnderTest;

/** The client/worker ITs against the reference server, Debian's gearmand 1.1.20. */
class GearmandClientWorkerIT extends AbstractClientWorkerIT {

    @Override
    protected ServerUnderTest startServer() {
        assertTrue(GearmandServer.isInstalled(), GearmandServer.BINARY
                + " is not installed (Debian package gearman-job-server; .ci/run installs it)");
        return GearmandServer.start();
    }
}
