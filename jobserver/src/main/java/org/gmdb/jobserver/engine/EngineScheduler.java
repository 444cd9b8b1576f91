package org.gmdb.jobserver.engine;

/**
 * Runs a task on the engine thread later. The engine keeps at most one pending timer (for
 * the earliest CAN_DO_TIMEOUT deadline or due scheduled job), never one per job.
 */
public interface EngineScheduler {

    Cancellable schedule(Runnable task, long delayMillis);

    /** A scheduled task that may be called off. */
    interface Cancellable {
        void cancel();
    }
}
