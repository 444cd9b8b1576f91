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
 */
public record EngineSettings(String handlePrefix, int jobRetries, int workerWakeup, boolean exceptions,
                             int maxFunctionName) {

    public EngineSettings {
        if (jobRetries < 0) {
            throw new IllegalArgumentException("jobRetries " + jobRetries + " (expected: >= 0, 0 = unlimited)");
        }
        if (workerWakeup < 0) {
            throw new IllegalArgumentException("workerWakeup " + workerWakeup + " (expected: >= 0, 0 = all)");
        }
    }

    public static EngineSettings defaults(String handlePrefix) {
        return new EngineSettings(handlePrefix, 0, 0, false, GearmanConstants.DEFAULT_MAX_FIELD);
    }

    public EngineSettings withJobRetries(int n) {
        return new EngineSettings(handlePrefix, n, workerWakeup, exceptions, maxFunctionName);
    }

    public EngineSettings withWorkerWakeup(int n) {
        return new EngineSettings(handlePrefix, jobRetries, n, exceptions, maxFunctionName);
    }

    public EngineSettings withExceptions(boolean on) {
        return new EngineSettings(handlePrefix, jobRetries, workerWakeup, on, maxFunctionName);
    }
}
