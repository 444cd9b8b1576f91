package org.gmdb.mailstore.write;

/** A write event this replica will not apply, with the reason a person can act on. */
public final class RefusedEventException extends RuntimeException {

    public RefusedEventException(String message) {
        super(message);
    }
}
