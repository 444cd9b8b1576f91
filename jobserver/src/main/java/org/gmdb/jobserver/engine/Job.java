package org.gmdb.jobserver.engine;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * One job, queued, scheduled, waiting for its persistent row, or running.
 *
 * <p>Kept compact because a million of them may be queued: the handle string is built on
 * demand from {@link #number}, the queue links are fields of the job itself (an intrusive
 * list, so removal is O(1)), and listeners are one session or a list only when there are
 * several. Only the engine, under its lock, touches a job.
 */
public final class Job {

    /** Where a job is in its life. */
    public enum State { PENDING_STORE, SCHEDULED, QUEUED, RUNNING, FINISHED }

    private static final byte[] DASH = {'-'};

    final long number;
    final FunctionQueue function;
    final byte[] unique;
    final byte[] data;
    /** The reducer of a reduce job, else null. */
    final byte[] reducer;
    final byte priority;
    final boolean background;
    /** Unix seconds at which a scheduled job becomes due, 0 for "now". */
    final long whenToRun;
    final int keyHash;
    final long createdNanos;

    State state;
    /** Set when every listener left or an admin cancelled: results are thrown away. */
    boolean ignored;
    int retries;
    int statusNumerator;
    int statusDenominator;
    /** The persistent row, 0 when not stored. */
    long rowId;
    /** Bumped at each assignment, so a stale timeout does not requeue a later run. */
    int assignment;
    Session worker;
    /** Null, one {@link Session}, or an {@code ArrayList<Session>} (a session may appear twice). */
    private Object listeners;

    /** Links of the queue level the job waits in (see {@link JobList}). */
    Job prev;
    Job next;

    Job(long number, FunctionQueue function, byte[] unique, byte[] data, byte[] reducer, int priority,
        boolean background, long whenToRun, long createdNanos) {
        this.number = number;
        this.function = function;
        this.unique = unique;
        this.data = data;
        this.reducer = reducer;
        this.priority = (byte) priority;
        this.background = background;
        this.whenToRun = whenToRun;
        this.keyHash = Arrays.hashCode(coalescingKey(unique, data));
        this.createdNanos = createdNanos;
    }

    /**
     * The bytes submissions coalesce on: the unique, or the data when the unique is {@code -}
     * (gearmand's rule; {@code -} with empty data does not coalesce). Empty means "never coalesce".
     */
    static byte[] coalescingKey(byte[] unique, byte[] data) {
        return Arrays.equals(unique, DASH) ? data : unique;
    }

    byte[] key() {
        return coalescingKey(unique, data);
    }

    public long number() {
        return number;
    }

    public State state() {
        return state;
    }

    public boolean background() {
        return background;
    }

    public boolean ignored() {
        return ignored;
    }

    public int retries() {
        return retries;
    }

    public int priority() {
        return priority;
    }

    public byte[] unique() {
        return unique;
    }

    public FunctionQueue function() {
        return function;
    }

    boolean hasListeners() {
        return listeners != null;
    }

    void addListener(Session session) {
        if (listeners == null) {
            listeners = session;
        } else if (listeners instanceof Session first) {
            ArrayList<Session> list = new ArrayList<>(2);
            list.add(first);
            list.add(session);
            listeners = list;
        } else {
            listenerList().add(session);
        }
    }

    /** Removes every attachment of the session. */
    void removeListener(Session session) {
        if (listeners == session) {
            listeners = null;
        } else if (listeners instanceof ArrayList<?>) {
            ArrayList<Session> list = listenerList();
            list.removeIf(s -> s == session);
            if (list.isEmpty()) {
                listeners = null;
            } else if (list.size() == 1) {
                listeners = list.get(0);
            }
        }
    }

    /** How many foreground attachments the job has (a session attached twice counts twice). */
    int listenerCount() {
        if (listeners == null) {
            return 0;
        }
        return listeners instanceof Session ? 1 : listenerList().size();
    }

    boolean isListener(Session session) {
        if (listeners == session) {
            return true;
        }
        return listeners instanceof ArrayList<?> list && list.contains(session);
    }

    /** A copy of the listeners, one entry per attachment. */
    Session[] listenersSnapshot() {
        if (listeners == null) {
            return NO_SESSIONS;
        }
        if (listeners instanceof Session s) {
            return new Session[] {s};
        }
        return listenerList().toArray(NO_SESSIONS);
    }

    void clearListeners() {
        listeners = null;
    }

    @SuppressWarnings("unchecked")
    private ArrayList<Session> listenerList() {
        return (ArrayList<Session>) listeners;
    }

    private static final Session[] NO_SESSIONS = new Session[0];

    @Override
    public String toString() {
        return "Job#" + number + "[" + function.name() + "," + state + "]";
    }
}
