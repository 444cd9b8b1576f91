package org.gmdb.jobserver.engine;

/**
 * Where the engine writes what a connection should receive: {@link org.gmdb.gearman.protocol.Packet}s
 * and admin {@link org.gmdb.gearman.protocol.TextLine}s, in order. Called on the engine thread
 * only; the network layer batches flushes.
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

    /** Ends the connection after what was sent so far. */
    void close();
}
