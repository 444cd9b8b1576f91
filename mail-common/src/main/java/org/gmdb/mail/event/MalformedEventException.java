package org.gmdb.mail.event;

/** A payload that is not a valid event; the message says what is wrong and where. */
public class MalformedEventException extends Exception {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
