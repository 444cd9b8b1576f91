package org.gmdb.jobserver.net;

import io.netty.channel.EventLoop;
import org.gmdb.jobserver.engine.EngineScheduler;

/** The engine's timers, run on the engine's event loop (see {@link LoopTimer} for why not by it). */
public final class EventLoopScheduler implements EngineScheduler {

    private final EventLoop loop;
    private final LoopTimer timer;

    public EventLoopScheduler(EventLoop loop, LoopTimer timer) {
        this.loop = loop;
        this.timer = timer;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        LoopTimer.Handle handle = timer.schedule(loop, task, delayNanos);
        return handle::cancel;
    }
}
