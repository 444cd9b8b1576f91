package org.gmdb.jobserver.engine;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The GRABs that found nothing and wait a little for a job before the engine answers NO_JOB.
 *
 * <p>Why: a busy worker's GRAB usually comes just before the next submission. Answering
 * NO_JOB at once costs the worker's PRE_SLEEP, the server's NOOP and a second GRAB: four
 * socket writes and reads on each side for every job. A GRAB that waits is answered with the
 * job itself when one comes, or with NO_JOB when its time is up, or as soon as the worker
 * sends anything else, so replies still leave in request order.
 *
 * <p>All waits are equally long, so deadlines come in the order the waits started and one
 * timer for the oldest is enough. A wait that ended early stays in the queue until the timer
 * passes it.
 */
final class GrabWaits {

    private record Wait(Session session, long deadlineNanos) {
    }

    private final long waitNanos;
    private final EngineClock clock;
    private final EngineScheduler scheduler;
    private final Consumer<Session> expired;
    private final ArrayDeque<Wait> waits = new ArrayDeque<>();
    private boolean timerArmed;

    /** @param expired called for a wait whose time is up; it still holds its GRAB kind */
    GrabWaits(long waitMicros, EngineClock clock, EngineScheduler scheduler, Consumer<Session> expired) {
        this.waitNanos = waitMicros * 1000;
        this.clock = clock;
        this.scheduler = scheduler;
        this.expired = expired;
    }

    void add(Session session) {
        long deadline = clock.nanos() + waitNanos;
        session.grabDeadlineNanos = deadline;
        waits.add(new Wait(session, deadline));
        if (!timerArmed) {
            arm(waitNanos);
        }
    }

    private void arm(long delayNanos) {
        timerArmed = true;
        scheduler.schedule(this::onTimer, Math.max(0, delayNanos));
    }

    private void onTimer() {
        timerArmed = false;
        long now = clock.nanos();
        Wait head;
        while ((head = waits.peek()) != null) {
            Session session = head.session();
            if (session.waitingGrab == null || session.grabDeadlineNanos != head.deadlineNanos()) {
                waits.poll(); // answered already; perhaps waiting again under a later entry
            } else if (head.deadlineNanos() <= now) {
                waits.poll();
                expired.accept(session);
            } else {
                arm(head.deadlineNanos() - now);
                return;
            }
        }
    }
}
