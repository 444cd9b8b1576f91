package org.gmdb.bench.mail;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the bench must undo (child processes to end, databases to drop), undone in reverse
 * order by {@link #run()}: at the end of a run, after a failure, or from a JVM shutdown hook
 * on Ctrl-C. Each action runs at most once; a failing action does not stop the others.
 *
 * <p>Caveat: a SIGKILL of the bench runs no hook; its child processes and its databases
 * ({@code gmdb_bench_<pid>_...}) are then left behind, and the bench prints both as it
 * makes them.
 */
final class Cleanup {

    /** One undo step with a name for the error message. */
    interface Action {
        void run() throws Exception;
    }

    private record Step(String what, Action action) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();

    synchronized void add(String what, Action action) {
        steps.push(new Step(what, action));
    }

    /** Runs the steps added since the last call, newest first; returns how many failed. */
    int run() {
        int failed = 0;
        while (true) {
            Step step;
            synchronized (this) {
                step = steps.poll();
            }
            if (step == null) {
                return failed;
            }
            try {
                step.action().run();
            } catch (Exception e) {
                failed++;
                System.err.println("cleanup: " + step.what() + " failed: " + e);
            }
        }
    }

    /** Makes {@link #run()} also happen when the JVM exits early (Ctrl-C, an uncaught error). */
    void runAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::run, "mail-bench-cleanup"));
    }
}
