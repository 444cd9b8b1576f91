package org.gmdb.mailclient;

import java.util.stream.Collectors;

/**
 * Some recipients of a delivery did not reach the requested durability. The receipt has
 * every recipient's outcome (an LMTP frontend answers 250 for the durable ones and 4xx for
 * the rest); rewriting the same {@link Delivery} is a safe retry.
 */
public class DeliveryException extends MailClientException {

    private final transient DeliveryReceipt receipt;
    private final transient Delivery delivery;

    public DeliveryException(Delivery delivery, DeliveryReceipt receipt, Throwable cause) {
        super("delivery not durable for " + receipt.failed().size() + " of " + receipt.recipients().size()
                + " recipients: " + receipt.failed().stream().map(WriteReceipt::describeFailure)
                        .collect(Collectors.joining(" | ")), cause);
        this.receipt = receipt;
        this.delivery = delivery;
    }

    public DeliveryReceipt receipt() {
        return receipt;
    }

    /** The delivery to write again for a retry. */
    public Delivery delivery() {
        return delivery;
    }
}
