package org.gmdb.mailstore.store;

/** A store operation that failed and will fail again if repeated as is (bad input, unknown names, limits). */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
