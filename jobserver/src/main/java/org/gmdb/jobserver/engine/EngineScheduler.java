package org.gmdb.jobserver.engine;

/**
 * Runs a task later, as the engine runs (under its lock). The engine keeps at most one pending timer for
 * CAN_DO_TIMEOUT deadlines and due scheduled jobs, and one for waiting GRABs, never one per job.
 */
public interface EngineScheduler {

    Cancellable schedule(Runnable task, long delayNanos);

    /** A scheduled task that may be called off. */
    interface Cancellable {
        void cancel();
    }
}
