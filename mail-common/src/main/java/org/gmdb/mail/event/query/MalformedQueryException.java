package org.gmdb.mail.event.query;

/** A query or response payload that cannot be read; the message says why. */
public class MalformedQueryException extends Exception {

    public MalformedQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
