package org.gmdb.mailstore.store;

import java.sql.SQLException;
import org.jooq.exception.DataAccessException;

/**
 * Sorts database failures by SQLSTATE class: 08 (connection) and 40 (deadlock, rollback)
 * are worth retrying, 23 (integrity, e.g. a duplicate key) means another writer got there
 * first, anything else is a bug or bad input.
 */
final class SqlErrors {

    enum Kind { CONNECTION, TRANSIENT, DUPLICATE, OTHER }

    private SqlErrors() {
    }

    static Kind classify(Throwable e) {
        String state = sqlState(e);
        if (state == null || state.length() < 2) {
            return Kind.OTHER;
        }
        return switch (state.substring(0, 2)) {
            case "08" -> Kind.CONNECTION;
            case "40" -> Kind.TRANSIENT;
            case "23" -> Kind.DUPLICATE;
            default -> Kind.OTHER;
        };
    }

    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
            if (t instanceof DataAccessException d && d.sqlState() != null && !"".equals(d.sqlState())
                    && !d.sqlState().startsWith("0")) {
                return d.sqlState();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The exception to throw for a failure that is not handled by retrying here. */
    static StoreException translate(String what, Throwable e) {
        if (e instanceof StoreException s) {
            return s;
        }
        Kind kind = classify(e);
        String state = sqlState(e);
        if (kind == Kind.CONNECTION || kind == Kind.TRANSIENT) {
            return new RetryableStoreException(what + " failed, SQLSTATE " + state + " (retry later): " + e.getMessage(), e);
        }
        return new StoreException(what + " failed" + (state == null ? "" : ", SQLSTATE " + state) + ": " + e.getMessage(), e);
    }
}
