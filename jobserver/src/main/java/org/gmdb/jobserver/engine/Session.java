package org.gmdb.jobserver.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * The engine's view of one connection, whatever role it plays (client, worker, admin):
 * its registrations, wake-up flags, running jobs, the jobs it listens to, and an ordered
 * outbox.
 *
 * <p>Caveat: replies must leave in request order, but a background submission waits for
 * its persistent row. While such a reply is pending, everything else for this session is
 * held behind it (see {@link #send}); the hold lasts one queue write.
 */
public final class Session {

    /** One CAN_DO: the function and its CAN_DO_TIMEOUT in milliseconds (0 = none). */
    record Registration(FunctionQueue function, long timeoutMillis) {
    }

    /** A reply slot that a persistent write fills in later. */
    static final class PendingReply {
        Object message;
    }

    final int id;
    final String address;
    final Peer peer;
    byte[] clientId;
    final ArrayList<Registration> abilities = new ArrayList<>(2);
    boolean sleeping;
    boolean noopSent;
    /** The GRAB kind of a GRAB waiting for a job (see {@link EngineSettings#grabWaitMicros}), or null. */
    org.gmdb.gearman.protocol.PacketType waitingGrab;
    long grabDeadlineNanos;
    boolean exceptions;
    boolean closed;
    final ArrayList<Job> runningJobs = new ArrayList<>(1);
    /** Jobs this session attached to as a listener; finished ones are pruned lazily. */
    final ArrayList<Job> listening = new ArrayList<>(0);
    private int pruneAt = 16;
    private ArrayDeque<Object> held;

    Session(int id, String address, Peer peer, boolean exceptions) {
        this.id = id;
        this.address = address;
        this.peer = peer;
        this.exceptions = exceptions;
    }

    public int id() {
        return id;
    }

    public String address() {
        return address;
    }

    /** The SET_CLIENT_ID value, or null. */
    public byte[] clientId() {
        return clientId;
    }

    /** Function names registered, oldest first, duplicates kept. */
    public java.util.List<FunctionQueue> abilities() {
        return abilities.stream().map(Registration::function).toList();
    }

    boolean wakeable() {
        return sleeping && !noopSent;
    }

    /** Sends now, or after the pending replies ahead of it. */
    public void send(Object message) {
        deliver(message, false);
    }

    /** Like {@link #send}; the network may hold the message briefly to send it with the next one. */
    public void sendDeferred(Object message) {
        deliver(message, true);
    }

    private void deliver(Object message, boolean deferrable) {
        if (closed) {
            return;
        }
        if (held != null && !held.isEmpty()) {
            held.add(message); // released by fill(), undeferred
        } else if (deferrable) {
            peer.sendDeferred(message);
        } else {
            peer.send(message);
        }
    }

    PendingReply hold() {
        PendingReply slot = new PendingReply();
        if (held == null) {
            held = new ArrayDeque<>();
        }
        held.add(slot);
        return slot;
    }

    void fill(PendingReply slot, Object message) {
        slot.message = message;
        if (held == null) {
            return;
        }
        while (!held.isEmpty()) {
            Object head = held.peek();
            if (head instanceof PendingReply pending) {
                if (pending.message == null) {
                    return;
                }
                head = pending.message;
            }
            held.poll();
            if (!closed) {
                peer.send(head);
            }
        }
    }

    void listen(Job job) {
        if (listening.size() >= pruneAt) {
            listening.removeIf(j -> j.state == Job.State.FINISHED || !j.isListener(this));
            pruneAt = Math.max(16, listening.size() * 2);
        }
        listening.add(job);
    }

    @Override
    public String toString() {
        return "Session#" + id + "@" + address;
    }
}
