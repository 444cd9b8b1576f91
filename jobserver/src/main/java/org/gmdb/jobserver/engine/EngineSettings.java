package org.gmdb.jobserver.engine;

import org.gmdb.gearman.protocol.GearmanConstants;

/**
 * The engine's behaviour switches, named after gearmand's options.
 *
 * @param handlePrefix    handles are {@code <handlePrefix>:<n>} (gearmand: {@code H:<host>})
 * @param jobRetries      a job whose worker is lost this many times fails; 0 = unlimited (gearmand 1.1 {@code -j})
 * @param workerWakeup    NOOPs per new job; 0 = every sleeping worker (gearmand {@code -w})
 * @param exceptions      every connection gets WORK_EXCEPTION as if it had asked (gearmand {@code --exceptions})
 * @param maxFunctionName longest function name accepted, in bytes
 * @param grabWaitMicros  how long a GRAB that finds nothing waits for a job before NO_JOB; 0 = NO_JOB at once
 *                        (gearmand's way). Why: a busy worker's GRAB usually comes just before the
 *                        next submission; answered with the job, it saves NO_JOB, PRE_SLEEP, NOOP
 *                        and a second GRAB on both sides.
 * @param roundRobin      after a GRAB takes a job, that registration goes to the end of the worker's list, so a
 *                        worker's functions take turns within a priority level (gearmand {@code -R})
 */
public record EngineSettings(String handlePrefix, int jobRetries, int workerWakeup, boolean exceptions,
                             int maxFunctionName, long grabWaitMicros, boolean roundRobin) {

    /** A GRAB never waits longer than a second: clients may give up on a reply after that. */
    public static final long MAX_GRAB_WAIT_MICROS = 1_000_000;

    public EngineSettings {
        if (jobRetries < 0) {
            throw new IllegalArgumentException("jobRetries " + jobRetries + " (expected: >= 0, 0 = unlimited)");
        }
        if (workerWakeup < 0) {
            throw new IllegalArgumentException("workerWakeup " + workerWakeup + " (expected: >= 0, 0 = all)");
        }
        if (grabWaitMicros < 0 || grabWaitMicros > MAX_GRAB_WAIT_MICROS) {
            throw new IllegalArgumentException("grabWaitMicros " + grabWaitMicros + " (expected: 0 to "
                    + MAX_GRAB_WAIT_MICROS + ")");
        }
    }

    /** gearmand's behaviour: every switch off, NO_JOB at once. */
    public static EngineSettings defaults(String handlePrefix) {
        return new EngineSettings(handlePrefix, 0, 0, false, GearmanConstants.DEFAULT_MAX_FIELD, 0, false);
    }

    public EngineSettings withJobRetries(int n) {
        return new EngineSettings(handlePrefix, n, workerWakeup, exceptions, maxFunctionName, grabWaitMicros,
                roundRobin);
    }

    public EngineSettings withWorkerWakeup(int n) {
        return new EngineSettings(handlePrefix, jobRetries, n, exceptions, maxFunctionName, grabWaitMicros,
                roundRobin);
    }

    public EngineSettings withExceptions(boolean on) {
        return new EngineSettings(handlePrefix, jobRetries, workerWakeup, on, maxFunctionName, grabWaitMicros,
                roundRobin);
    }

    public EngineSettings withRoundRobin(boolean on) {
        return new EngineSettings(handlePrefix, jobRetries, workerWakeup, exceptions, maxFunctionName, grabWaitMicros,
                on);
    }

    public EngineSettings withGrabWaitMicros(long micros) {
        return new EngineSettings(handlePrefix, jobRetries, workerWakeup, exceptions, maxFunctionName, micros,
                roundRobin);
    }
}
