package org.gmdb.jobserver.net;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.gmdb.jobserver.engine.Deadlines;
import org.gmdb.jobserver.engine.EngineClock;
import org.gmdb.jobserver.engine.EngineScheduler;

/**
 * Decides when the written connections of one event loop are flushed. A connection written
 * to is flushed once per turn of its loop, so that a burst of packets (a read batch, a wake-up
 * of many workers) costs one syscall per socket. A deferred write (a foreground JOB_CREATED)
 * waits for company: it goes out with the next packet for that connection, or alone when the
 * deferral is over. Only its loop's thread uses it.
 */
final class Flusher implements Runnable {

    private final EventLoop loop;
    private ArrayList<NetPeer> dirty = new ArrayList<>();
    private ArrayList<NetPeer> spare = new ArrayList<>();
    private boolean scheduled;
    /** Null when writes are never deferred. */
    private final Deadlines<NetPeer> deferred;

    Flusher(EventLoop loop, LoopTimer timer, long deferMicros) {
        this.loop = loop;
        EngineScheduler onThisLoop = (task, delayNanos) -> timer.schedule(loop, task, delayNanos)::cancel;
        this.deferred = deferMicros == 0 ? null : new Deadlines<>(TimeUnit.MICROSECONDS.toNanos(deferMicros),
                EngineClock.SYSTEM, onThisLoop, NetPeer::isDeferredUntil, NetPeer::flushNow);
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
        if (deferred == null) {
            add(peer);
            return 0;
        }
        return deferred.add(peer);
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
