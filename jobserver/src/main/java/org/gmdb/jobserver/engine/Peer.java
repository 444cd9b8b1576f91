package org.gmdb.jobserver.engine;

/**
 * Where the engine writes what a connection should receive: {@link org.gmdb.gearman.protocol.Packet}s
 * and admin {@link org.gmdb.gearman.protocol.TextLine}s, in order. Called by the engine only,
 * under its lock; the network layer batches flushes.
 */
public interface Peer {

    void send(Object message);

    /**
     * Sends, but lets the network layer hold the message a little so that it leaves with the
     * next one for this connection (a foreground JOB_CREATED with its result).
     */
    default void sendDeferred(Object message) {
        send(message);
    }

    /**
     * Whether a packet for this connection can be written by the calling thread at once,
     * without a hand-off to another event loop. The engine prefers such workers.
     */
    default boolean isLocal() {
        return true;
    }

    /** Ends the connection after what was sent so far. */
    void close();
}
