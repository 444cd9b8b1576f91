package org.gmdb.jobserver.net;

import org.gmdb.jobserver.engine.EngineScheduler;

/** The engine's timers: counted by a {@link LoopTimer}, run on the guard's timer loop under the engine lock. */
public final class EventLoopScheduler implements EngineScheduler {

    private final EngineGuard guard;
    private final LoopTimer timer;

    public EventLoopScheduler(EngineGuard guard, LoopTimer timer) {
        this.guard = guard;
        this.timer = timer;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        LoopTimer.Handle handle = timer.schedule(guard.timerLoop(), () -> guard.run(task), delayNanos);
        return handle::cancel;
    }
}
