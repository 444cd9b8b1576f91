package org.gmdb.jobserver.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A connection without a socket: keeps what the engine sent, in order. */
final class FakePeer implements Peer {

    private final ArrayDeque<Object> received = new ArrayDeque<>();
    /** What the engine allowed the network to hold back, in order (also in {@link #received}). */
    final List<Object> deferred = new ArrayList<>();
    boolean closed;

    @Override
    public void send(Object message) {
        received.add(asPacket(message));
    }

    @Override
    public void sendDeferred(Object message) {
        received.add(asPacket(message));
        deferred.add(asPacket(message));
    }

    /** A handle reply as the packet it stands for, so that tests compare packets only. */
    private static Object asPacket(Object message) {
        return message instanceof HandleReply reply ? reply.toPacket() : message;
    }

    @Override
    public void close() {
        closed = true;
    }

    Object next() {
        assertFalse(received.isEmpty(), "expected a message, got none");
        return received.poll();
    }

    List<Object> drain() {
        List<Object> all = new ArrayList<>(received);
        received.clear();
        return all;
    }

    void assertNothing() {
        assertTrue(received.isEmpty(), () -> "expected nothing, got " + received);
    }
}
