package org.gmdb.jobserver.net;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks on an event loop at a given time, counted on a timer thread of its own.
 *
 * <p>Why not the loop's own scheduler: Netty's NIO loop rounds its select timeout to the
 * nearest millisecond and polls with {@code selectNow} through the last half millisecond
 * before a scheduled task. The engine keeps millisecond timers armed all the time under load
 * (GRAB waits, deferred JOB_CREATED), so that polling took a quarter of an otherwise idle
 * loop's time, CPU the clients and workers on the same cores need. Here the loop only wakes
 * when a task is handed to it.
 */
public final class LoopTimer implements AutoCloseable {

    /** A task handed to a loop that may be called off until it runs there. */
    public interface Handle {
        /** Call on the loop: the task will not run. */
        void cancel();
    }

    private final ScheduledThreadPoolExecutor timer;

    public LoopTimer(String threadName) {
        timer = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory(threadName, true));
        timer.setRemoveOnCancelPolicy(true);
    }

    public Handle schedule(EventLoop loop, Runnable task, long delayNanos) {
        final class Scheduled implements Handle, Runnable {
            private boolean cancelled; // read and written on the loop only
            private ScheduledFuture<?> future;

            @Override
            public void run() {
                if (!cancelled) {
                    task.run();
                }
            }

            @Override
            public void cancel() {
                cancelled = true;
                future.cancel(false);
            }
        }
        Scheduled scheduled = new Scheduled();
        scheduled.future = timer.schedule(() -> loop.execute(scheduled), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return scheduled;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
