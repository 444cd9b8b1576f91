package org.gmdb.mailclient;

/** Base of the failures the mail client completes its futures with; the message names what failed where. */
public class MailClientException extends RuntimeException {

    public MailClientException(String message) {
        super(message);
    }

    public MailClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
