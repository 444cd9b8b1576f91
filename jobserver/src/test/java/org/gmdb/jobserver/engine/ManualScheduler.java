package org.gmdb.jobserver.engine;

import java.util.ArrayList;
import java.util.List;

/** Runs scheduled tasks when the test moves the clock past their time. */
final class ManualScheduler implements EngineScheduler {

    private static final class Task implements Cancellable {
        final long at; // clock nanos
        final Runnable body;
        boolean cancelled;

        Task(long at, Runnable body) {
            this.at = at;
            this.body = body;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final FakeClock clock;
    private final List<Task> tasks = new ArrayList<>();

    ManualScheduler(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        Task t = new Task(clock.nanos() + delayNanos, task);
        tasks.add(t);
        return t;
    }

    /** Moves the clock and runs whatever became due, in time order. */
    void advance(long millis) {
        long target = (clock.millis + millis) * 1_000_000;
        while (true) {
            Task next = null;
            for (Task t : tasks) {
                if (!t.cancelled && t.at <= target && (next == null || t.at < next.at)) {
                    next = t;
                }
            }
            if (next == null) {
                break;
            }
            tasks.remove(next);
            clock.millis = Math.max(clock.millis, (next.at + 999_999) / 1_000_000); // never before its time
            next.body.run();
        }
        clock.millis = target / 1_000_000;
    }

    long pending() {
        return tasks.stream().filter(t -> !t.cancelled).count();
    }
}
