package org.gmdb.gearman.testing;

import org.gmdb.gearman.ServerAddress;

/**
 * A Gearman job server started by a test: gearmand, or our own. The client/worker ITs
 * ({@link AbstractClientWorkerIT}) run against whatever implements this.
 */
public interface ServerUnderTest extends AutoCloseable {

    /** Where it listens, {@code 127.0.0.1:PORT}; the same across {@link #restart()}. */
    String hostPort();

    default ServerAddress address() {
        return ServerAddress.parse(hostPort());
    }

    /** Stops it the polite way (SIGTERM or equivalent) and waits until it is gone. */
    void stop();

    /** Stops it at once, like a crash (SIGKILL or equivalent): connections drop, nothing is flushed. */
    void kill();

    /** Starts it again on the same port after stop() or kill() (stops it first if running); returns when it accepts connections. */
    void restart();

    /** Whether it is running now. */
    boolean isRunning();

    @Override
    default void close() {
        if (isRunning()) {
            stop();
        }
    }
}
