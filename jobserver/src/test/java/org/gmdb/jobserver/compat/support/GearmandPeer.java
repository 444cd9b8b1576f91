package org.gmdb.jobserver.compat.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's gearmand 1.1.20 as a child process on 127.0.0.1 and a free port: the reference
 * every differential test compares our server with.
 *
 * <p>Caveat: the port is chosen before gearmand binds it, so another process could take it
 * in between; the start then fails with gearmand's log in the message.
 */
public final class GearmandPeer extends ProcessPeer {

    public static final String BINARY = "/usr/sbin/gearmand";

    public GearmandPeer(PeerOptions options) {
        super(options, "gearmand");
        this.port = FreePort.find();
    }

    @Override
    public String name() {
        return "gearmand";
    }

    @Override
    public boolean isGearmand() {
        return true;
    }

    @Override
    protected List<String> command() {
        List<String> command = new ArrayList<>(List.of(BINARY, "-p", Integer.toString(port), "-L", host(),
                "--log-file=stderr", "--verbose=ERROR", "-P", log.resolveSibling(log.getFileName() + ".pid").toString()));
        if (options.jobRetries() != 0) {
            command.add("--job-retries=" + options.jobRetries());
        }
        if (options.mysqlDatabase() != null) {
            command.addAll(List.of("-q", "MySQL", "--mysql-host", "127.0.0.1", "--mysql-port", "3306",
                    "--mysql-user", "root", "--mysql-db", options.mysqlDatabase()));
        }
        return command;
    }

    @Override
    protected void awaitReady(Process started, long deadlineNanos) throws IOException, InterruptedException {
        awaitPort(started, deadlineNanos);
    }
}
