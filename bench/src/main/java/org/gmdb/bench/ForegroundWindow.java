package org.gmdb.bench;

import java.util.concurrent.CountDownLatch;

/**
 * Shared state of one foreground phase: whether clients keep submitting, the measured window
 * (jobs submitted before it are warm-up and not counted), and a latch each client counts down
 * when its last job is back after the stop.
 */
final class ForegroundWindow {

    private volatile boolean running = true;
    private volatile long measureStart = Long.MAX_VALUE;
    private volatile long measureEnd = Long.MAX_VALUE;
    final CountDownLatch clientsDone;

    ForegroundWindow(int clients) {
        this.clientsDone = new CountDownLatch(clients);
    }

    void measure(long startNanos, long endNanos) {
        measureEnd = endNanos;
        measureStart = startNanos;
    }

    void stop() {
        running = false;
    }

    boolean running() {
        return running;
    }

    /** Whether a job submitted and completed at these times counts (fully inside the window). */
    boolean counts(long submittedNanos, long completedNanos) {
        return submittedNanos >= measureStart && completedNanos <= measureEnd;
    }
}
