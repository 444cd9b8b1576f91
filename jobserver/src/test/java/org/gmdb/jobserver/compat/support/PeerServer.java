package org.gmdb.jobserver.compat.support;

import java.util.OptionalLong;

/**
 * A Gearman job server under test, reachable on 127.0.0.1: either gearmand 1.1.20 (the
 * reference) or ours. Lets a test start, stop, kill and restart it on the same port.
 *
 * <p>Caveat: {@link #kill()} is a real SIGKILL only for process-backed peers; an in-process
 * server can only be closed.
 */
public interface PeerServer extends AutoCloseable {

    /** "gearmand" or "ours", used in transcripts and failure messages. */
    String name();

    boolean isGearmand();

    default String host() {
        return "127.0.0.1";
    }

    /** The listening port; stays the same across {@link #restart()}. */
    int port();

    /** "127.0.0.1:PORT", as Perl clients and the CLI's --host/--port want it. */
    default String address() {
        return host() + ":" + port();
    }

    /** Starts the server and returns once it accepts connections. */
    void start();

    /** Stops it politely (SIGTERM, or close) and waits for the end. */
    void stop();

    /** Stops it abruptly (SIGKILL where there is a process) and waits for the end. */
    void kill();

    default void restart() {
        stop();
        start();
    }

    /** The server's process id, when it runs in its own process. */
    OptionalLong pid();

    /** Where the server's own log goes, for failure messages. */
    String logTail();

    @Override
    void close();
}
