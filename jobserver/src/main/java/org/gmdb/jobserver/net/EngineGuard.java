package org.gmdb.jobserver.net;

import io.netty.channel.EventLoop;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The lock every call into the engine holds. Connections live on several event loops so that
 * their socket reads and writes use more than one core; the engine's rules stay
 * single-threaded because only the lock holder runs them, and an engine call is short next to
 * the syscalls around it.
 *
 * <p>Also remembers which connection's request the holder is handling, so that a write that
 * fills a slow receiver's buffer can pause that sender (see {@link NetPeer}).
 */
public final class EngineGuard {

    /** Tries before parking: the holder is usually out within a microsecond or two. */
    private static final int SPINS = 64;

    private final ReentrantLock lock = new ReentrantLock();
    private final EventLoop timerLoop;
    /** The connection whose request is being handled, or null (timers, queue completions). Guarded by the lock. */
    NetPeer source;

    /** @param timerLoop where timers and persistent-queue completions run */
    public EngineGuard(EventLoop timerLoop) {
        this.timerLoop = timerLoop;
    }

    private void lock() {
        for (int i = 0; i < SPINS; i++) {
            if (lock.tryLock()) {
                return;
            }
            Thread.onSpinWait();
        }
        lock.lock();
    }

    /** Takes the lock to handle requests that {@code peer} sent. */
    void lockFor(NetPeer peer) {
        lock();
        source = peer;
    }

    /** Releases what {@link #lockFor} took. */
    void unlockFor() {
        source = null;
        unlock();
    }

    /** The event loop of the connection being handled (the calling thread's), or null. */
    EventLoop currentLoop() {
        return source == null ? null : source.channel.eventLoop();
    }

    private void unlock() {
        lock.unlock();
    }

    public void run(Runnable task) {
        lock();
        try {
            task.run();
        } finally {
            unlock();
        }
    }

    public <T> T call(Supplier<T> task) {
        lock();
        try {
            return task.get();
        } finally {
            unlock();
        }
    }

    /** Runs tasks later on the timer loop, under the lock: the engine's executor. */
    public Executor executor() {
        return task -> timerLoop.execute(() -> run(task));
    }

    public EventLoop timerLoop() {
        return timerLoop;
    }
}
