package org.gmdb.jobserver.engine;

import java.util.ArrayList;

/**
 * One function: its three priority levels, its coalescing index, the workers registered
 * for it (a ring walked from a rotating cursor for wake-ups) and its counters.
 *
 * <p>Counters are kept up to date as jobs move so that {@code status} and GRAB never scan.
 * Scheduled jobs that are not due yet live in the engine's timer heap, not in a level, so
 * they never block the levels below them.
 */
public final class FunctionQueue {

    private final String name;
    private final byte[] nameBytes;
    final JobList[] levels = {new JobList(), new JobList(), new JobList()};
    final UniqueIndex index = new UniqueIndex();
    /** One entry per registration: a worker that sent CAN_DO twice is here twice. */
    final ArrayList<Session> workers = new ArrayList<>();
    int wakeCursor;
    /** Registrations whose session sleeps and has no NOOP outstanding. */
    int wakeable;
    /** Registrations whose session has a GRAB waiting for a job. */
    int grabWaiting;
    /** Every job not finished: pending store, scheduled, queued and running. */
    int total;
    int running;
    /** Jobs waiting for their time; counted as NORMAL in {@code prioritystatus}, like gearmand. */
    int scheduled;
    /** Per level, 0 = unlimited. */
    final int[] maxQueue = new int[3];

    FunctionQueue(String name, byte[] nameBytes) {
        this.name = name;
        this.nameBytes = nameBytes;
    }

    public String name() {
        return name;
    }

    public byte[] nameBytes() {
        return nameBytes;
    }

    public int total() {
        return total;
    }

    public int running() {
        return running;
    }

    public int workerCount() {
        return workers.size();
    }

    /** Jobs waiting at a level (0 high, 1 normal, 2 low); future jobs count as NORMAL. */
    public int queued(int level) {
        return levels[level].size() + (level == 1 ? scheduled : 0);
    }

    boolean hasRunnable() {
        return !levels[0].isEmpty() || !levels[1].isEmpty() || !levels[2].isEmpty();
    }

    @Override
    public String toString() {
        return name;
    }
}
