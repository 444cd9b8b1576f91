package org.gmdb.mailclient;

/** A recipient (or user) that is not a plain e-mail address; nothing was written for the call. */
public class InvalidRecipientException extends IllegalArgumentException {

    private final String recipient;

    public InvalidRecipientException(String recipient, String message, Throwable cause) {
        super(message, cause);
        this.recipient = recipient;
    }

    /** The recipient as the caller gave it. */
    public String recipient() {
        return recipient;
    }
}
