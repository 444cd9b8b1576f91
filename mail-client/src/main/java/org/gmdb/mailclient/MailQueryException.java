package org.gmdb.mailclient;

/**
 * A read that got no usable answer: the shard answered with an error (unknown user or
 * mailbox, bad request), failed, or did not answer in time.
 */
public class MailQueryException extends MailClientException {

    private final int shard;
    private final String function;
    private final boolean timedOut;

    public MailQueryException(int shard, String function, String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.shard = shard;
        this.function = function;
        this.timedOut = timedOut;
    }

    public int shard() {
        return shard;
    }

    /** The function asked, e.g. {@code mail2} or {@code mail2@b}. */
    public String function() {
        return function;
    }

    /** Whether the shard did not answer within the deadline. */
    public boolean timedOut() {
        return timedOut;
    }
}
