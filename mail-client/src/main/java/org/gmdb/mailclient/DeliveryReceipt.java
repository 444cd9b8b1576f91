package org.gmdb.mailclient;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of a delivery: per recipient the event id (also the new message's id), the
 * shard, and what its replicas confirmed.
 *
 * @param metadata   what the header block said
 * @param recipients one receipt per distinct recipient, in the order given
 */
public record DeliveryReceipt(MessageMetadata metadata, List<WriteReceipt> recipients) {

    public DeliveryReceipt {
        recipients = List.copyOf(recipients);
    }

    /** Whether every recipient reached the requested durability. */
    public boolean durable() {
        return recipients.stream().allMatch(WriteReceipt::durable);
    }

    /** The receipt of one recipient (any spelling of the address). */
    public Optional<WriteReceipt> forRecipient(String recipient) {
        String user = Addresses.normalize(recipient);
        return recipients.stream().filter(r -> r.user().equals(user)).findFirst();
    }

    /** The recipients that did not reach the requested durability. */
    public List<WriteReceipt> failed() {
        return recipients.stream().filter(r -> !r.durable()).toList();
    }
}
