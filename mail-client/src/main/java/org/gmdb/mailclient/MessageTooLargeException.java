package org.gmdb.mailclient;

/** A message over the client's size limit; nothing was written. */
public class MessageTooLargeException extends IllegalArgumentException {

    private final long size;
    private final long max;

    public MessageTooLargeException(long size, long max) {
        super("message size " + size + " (expected: <= " + max + ")");
        this.size = size;
        this.max = max;
    }

    public long size() {
        return size;
    }

    public long max() {
        return max;
    }
}
