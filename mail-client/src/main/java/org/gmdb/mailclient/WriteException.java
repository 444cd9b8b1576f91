package org.gmdb.mailclient;

/**
 * A write did not reach the requested durability. The receipt says which replicas queued or
 * applied it; a retry with the same event (same id) is safe, because events are idempotent.
 */
public class WriteException extends MailClientException {

    private final transient WriteReceipt receipt;

    public WriteException(WriteReceipt receipt, Throwable cause) {
        super(receipt.describeFailure(), cause);
        this.receipt = receipt;
    }

    public WriteReceipt receipt() {
        return receipt;
    }
}
