package org.gmdb.mailstore.store;

/**
 * The database could not be reached or the transaction was rolled back for a transient
 * reason (SQLSTATE class 08, or a deadlock); nothing was committed, the same call may be
 * repeated later.
 */
public class RetryableStoreException extends StoreException {

    public RetryableStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
