package org.gmdb.jobserver.queue.mysql;

/**
 * A write to, or the opening of, the MySQL persistent queue failed. {@link #databaseUnreachable()}
 * tells a lost or refused connection (SQLSTATE class 08, pool timeout) from a statement the
 * database refused; the first usually heals by itself once the database is back.
 *
 * <p>Caveat: when the connection drops during COMMIT the outcome is unknown; the row may exist
 * and then comes back at the next replay (at-least-once, never lost).
 */
public class PersistentQueueException extends RuntimeException {

    private final boolean databaseUnreachable;

    public PersistentQueueException(String message, boolean databaseUnreachable, Throwable cause) {
        super(message, cause);
        this.databaseUnreachable = databaseUnreachable;
    }

    public boolean databaseUnreachable() {
        return databaseUnreachable;
    }
}
