package org.gmdb.jobserver.engine;

import java.util.ArrayDeque;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * Items that each expire a fixed time after they were added, on one timer: since every wait
 * is equally long, deadlines come in the order the items were added and one timer for the
 * oldest is enough. An item whose wait ended early stays queued until the timer passes it;
 * {@code stillWaiting} tells the two apart, given the deadline that {@link #add} returned.
 *
 * <p>Used for GRABs waiting for a job (see {@link EngineSettings#grabWaitMicros}) and for
 * deferred JOB_CREATED writes. Not thread-safe: one thread, or one lock, at a time.
 */
public final class Deadlines<T> {

    private record Entry<T>(T item, long deadlineNanos) {
    }

    private final long waitNanos;
    private final EngineClock clock;
    private final EngineScheduler scheduler;
    private final BiPredicate<T, Long> stillWaiting;
    private final Consumer<T> expired;
    private final ArrayDeque<Entry<T>> entries = new ArrayDeque<>();
    private boolean timerArmed;

    /**
     * @param stillWaiting whether the item still waits for the deadline {@link #add} gave it
     * @param expired      called for an item whose time is up and that still waits
     */
    public Deadlines(long waitNanos, EngineClock clock, EngineScheduler scheduler, BiPredicate<T, Long> stillWaiting,
                     Consumer<T> expired) {
        this.waitNanos = waitNanos;
        this.clock = clock;
        this.scheduler = scheduler;
        this.stillWaiting = stillWaiting;
        this.expired = expired;
    }

    /** Starts the item's wait and returns its deadline (clock nanos). */
    public long add(T item) {
        long deadline = clock.nanos() + waitNanos;
        entries.add(new Entry<>(item, deadline));
        if (!timerArmed) {
            arm(waitNanos);
        }
        return deadline;
    }

    private void arm(long delayNanos) {
        timerArmed = true;
        scheduler.schedule(this::onTimer, Math.max(0, delayNanos));
    }

    private void onTimer() {
        timerArmed = false;
        long now = clock.nanos();
        Entry<T> head;
        while ((head = entries.peek()) != null) {
            if (!stillWaiting.test(head.item(), head.deadlineNanos())) {
                entries.poll(); // ended early; perhaps waiting again under a later entry
            } else if (head.deadlineNanos() <= now) {
                entries.poll();
                expired.accept(head.item());
            } else {
                arm(head.deadlineNanos() - now);
                return;
            }
        }
    }
}
