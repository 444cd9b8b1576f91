package org.gmdb.mailstore.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.MailEvent;

/** Short constructors of events for tests, with explicit timestamps where order matters. */
final class Events {

    static final String ALICE = "alice@example.com";

    private Events() {
    }

    static EventHeader at(long ts, String user) {
        UUID id = EventIds.next();
        return new EventHeader(id, ts, "test", user);
    }

    static EventHeader now(String user) {
        return EventHeader.create("test", user);
    }

    static byte[] message(String subject) {
        return ("From: Bob <bob@example.org>\r\nTo: alice@example.com\r\nSubject: " + subject
                + "\r\nDate: Sat, 29 Nov 2025 10:00:00 +0000\r\nMessage-ID: <" + subject.hashCode()
                + "@example.org>\r\n\r\nHello " + subject + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static MailEvent.Deliver deliver(EventHeader h, String mailbox, String subject, String... flags) {
        return new MailEvent.Deliver(h, mailbox, Set.of(flags), message(subject));
    }

    static MailEvent.Move move(EventHeader h, UUID message, String mailbox) {
        return new MailEvent.Move(h, List.of(message), mailbox);
    }

    static MailEvent.Expunge expunge(EventHeader h, UUID message) {
        return new MailEvent.Expunge(h, List.of(message));
    }

    static MailEvent.SetFlags set(EventHeader h, UUID message, String... flags) {
        return new MailEvent.SetFlags(h, List.of(message), Set.of(flags));
    }

    static MailEvent.ClearFlags clear(EventHeader h, UUID message, String... flags) {
        return new MailEvent.ClearFlags(h, List.of(message), Set.of(flags));
    }
}
