package org.gmdb.mailstore.write;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.gmdb.mailstore.store.RetryableStoreException;

/**
 * Tells a database that is away (to wait for) from input that can never be stored (to
 * report). Looks through the whole cause chain: SQLSTATE class 08 (connection) and 40
 * (rollback, deadlock), 70100 and MariaDB's 1927 (the connection was KILLed mid-statement),
 * 1053 (server shutdown), 1205 (lock wait timeout), JDBC's transient and recoverable
 * exceptions (HikariCP's "connection is not available" has no SQLSTATE when the pool never
 * connected), and socket errors.
 *
 * <p>Caveat: errs on the side of "away": an unknown failure whose chain holds an
 * IOException is retried rather than failed, because failing a background job loses it.
 */
public final class DatabaseFailures {

    /** ER_SERVER_SHUTDOWN, ER_LOCK_WAIT_TIMEOUT, ER_CONNECTION_KILLED, CR_SERVER_GONE_ERROR, CR_SERVER_LOST. */
    private static final Set<Integer> AWAY_CODES = Set.of(1053, 1205, 1927, 2006, 2013);

    private DatabaseFailures() {
    }

    private static boolean isAwayState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("40") || state.equals("70100"));
    }

    public static boolean isDatabaseAway(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof RetryableStoreException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException
                    || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException s && (isAwayState(s.getSQLState()) || AWAY_CODES.contains(s.getErrorCode()))) {
                return true;
            }
            if (t instanceof org.jooq.exception.DataAccessException d && isAwayState(d.sqlState())) {
                return true;
            }
            String name = t.getClass().getName();
            if (name.endsWith("CommunicationsException") || name.endsWith("ConnectionIsClosedException")) {
                return true;
            }
        }
        return false;
    }
}
