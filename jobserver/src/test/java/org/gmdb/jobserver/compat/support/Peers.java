package org.gmdb.jobserver.compat.support;

/**
 * Makes the servers under test: gearmand (Debian package gearman-job-server) and ours, in this
 * JVM or as a process.
 */
public final class Peers {

    private Peers() {
    }

    public static PeerServer gearmand(PeerOptions options) {
        return new GearmandPeer(options);
    }

    /** Ours in this JVM when that can honour the options, else as a process. */
    public static PeerServer ours(PeerOptions options) {
        return options.mysqlDatabase() == null ? new OurServerInProcess(options) : new OurServerProcess(options);
    }

    public static OurServerProcess oursProcess(PeerOptions options) {
        return new OurServerProcess(options);
    }

    /** A started server of the kind asked for. */
    public static PeerServer started(boolean gearmand, PeerOptions options) {
        PeerServer server = gearmand ? gearmand(options) : ours(options);
        server.start();
        return server;
    }
}
