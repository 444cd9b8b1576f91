package org.gmdb.mailclient;

import java.util.Set;
import org.gmdb.mail.event.Names;

/**
 * Where a delivered message goes and with which flags: INBOX and none by default. Immutable.
 *
 * @param mailbox the mailbox to deliver into (created on first delivery)
 * @param flags   IMAP flags and keywords to set at delivery, e.g. {@code \Seen}
 */
public record DeliveryOptions(String mailbox, Set<String> flags) {

    public static final DeliveryOptions INBOX = new DeliveryOptions(Names.INBOX, Set.of());

    public DeliveryOptions {
        mailbox = Names.mailbox(mailbox);
        flags = Names.flags(flags);
    }

    public DeliveryOptions toMailbox(String name) {
        return new DeliveryOptions(name, flags);
    }

    public DeliveryOptions withFlags(Set<String> newFlags) {
        return new DeliveryOptions(mailbox, newFlags);
    }
}
