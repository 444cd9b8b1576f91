package org.gmdb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ends every server process the bench started, also when the bench fails or is interrupted
 * (a JVM shutdown hook), so no job server outlives a run.
 *
 * <p>Caveat: a SIGKILL of the bench runs no hook; its children then stay until killed by pid
 * (the bench prints each pid when it starts one).
 */
final class ProcessReaper {

    private static final List<Process> STARTED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::endAll, "bench-process-reaper"));
    }

    private ProcessReaper() {
    }

    static synchronized void register(Process process) {
        STARTED.add(process);
    }

    /** SIGTERM, two seconds to exit, then SIGKILL. */
    static void end(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static synchronized void endAll() {
        for (Process process : STARTED) {
            end(process);
        }
        STARTED.clear();
    }
}
