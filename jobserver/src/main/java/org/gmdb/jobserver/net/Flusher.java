package org.gmdb.jobserver.net;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Decides when the written connections of one event loop are flushed. A connection written
 * to is flushed once per turn of its loop, so that a burst of packets (a read batch, a wake-up
 * of many workers) costs one syscall per socket. A deferred write waits up to
 * {@code deferNanos} for company and goes out with the next packet for that connection, or
 * alone when its time is up.
 * Only its loop's thread uses it.
 */
final class Flusher implements Runnable {

    private record Deferred(NetPeer peer, long deadlineNanos) {
    }

    private final EventLoop loop;
    private final LoopTimer timer;
    private final long deferNanos;
    private ArrayList<NetPeer> dirty = new ArrayList<>();
    private ArrayList<NetPeer> spare = new ArrayList<>();
    private boolean scheduled;
    /** In deadline order, since every deferral is equally long; entries of peers flushed since are skipped. */
    private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
    private boolean timerArmed;

    Flusher(EventLoop loop, LoopTimer timer, long deferMicros) {
        this.loop = loop;
        this.timer = timer;
        this.deferNanos = TimeUnit.MICROSECONDS.toNanos(deferMicros);
    }

    /** Flush at the end of this turn. */
    void add(NetPeer peer) {
        dirty.add(peer);
        if (!scheduled) {
            scheduled = true;
            loop.execute(this);
        }
    }

    /** Flush when the deferral is over, unless {@link #add} flushes it sooner. Returns the deadline, 0 for none. */
    long addDeferred(NetPeer peer) {
        if (deferNanos == 0) {
            add(peer);
            return 0;
        }
        long deadline = System.nanoTime() + deferNanos;
        deferred.add(new Deferred(peer, deadline));
        if (!timerArmed) {
            arm(deferNanos);
        }
        return deadline;
    }

    private void arm(long delayNanos) {
        timerArmed = true;
        timer.schedule(loop, this::flushOverdue, delayNanos);
    }

    private void flushOverdue() {
        timerArmed = false;
        long now = System.nanoTime();
        Deferred head;
        while ((head = deferred.peek()) != null) {
            if (!head.peer().isDeferredUntil(head.deadlineNanos())) {
                deferred.poll(); // flushed with other packets already
            } else if (head.deadlineNanos() <= now) {
                deferred.poll();
                head.peer().flushNow();
            } else {
                arm(head.deadlineNanos() - now);
                return;
            }
        }
    }

    @Override
    public void run() {
        scheduled = false;
        ArrayList<NetPeer> batch = dirty;
        dirty = spare;
        for (NetPeer peer : batch) {
            peer.flushNow();
        }
        batch.clear();
        spare = batch;
    }
}
