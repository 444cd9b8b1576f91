package org.gmdb.mailclient;

import java.util.List;
import java.util.Optional;
import org.gmdb.mail.event.MailEvent;

/**
 * A checked message made into one deliver event per distinct recipient, each with its own
 * event id, ready to be written with {@link MailClient#write(Delivery, Durability)}.
 *
 * <p>Writing the same {@code Delivery} again is safe (the same event ids make it a no-op
 * where it was applied), which is how a caller retries a delivery that failed or timed out.
 * Caveat: the events hold the caller's byte array, not a copy; do not change it.
 *
 * @param metadata what the header block said
 * @param events   one per recipient, in the order the recipients were first given
 */
public record Delivery(MessageMetadata metadata, List<MailEvent.Deliver> events) {

    public Delivery {
        events = List.copyOf(events);
    }

    /** The event of a recipient (any spelling of the address), if it is one of them. */
    public Optional<MailEvent.Deliver> eventFor(String recipient) {
        String user = Addresses.normalize(recipient);
        return events.stream().filter(e -> e.user().equals(user)).findFirst();
    }
}
