package org.gmdb.mailclient;

import java.util.List;
import java.util.UUID;
import org.gmdb.mail.event.query.MessageSummary;

/** Test data: message summaries with the fields the merge looks at. */
final class Summaries {

    private Summaries() {
    }

    /** A message with a Date: header. */
    static MessageSummary dated(String user, long idLow, long date) {
        return new MessageSummary(id(idLow), user, "INBOX", 1L, 1L, date, 100, "a@x", user, "s" + idLow, date,
                "<" + idLow + "@x>", List.of());
    }

    /** A message without a Date: header that arrived at {@code arrival}. */
    static MessageSummary undated(String user, long idLow, long arrival) {
        return new MessageSummary(id(idLow), user, "INBOX", 1L, 1L, arrival, 100, "a@x", user, "s" + idLow, null,
                null, List.of());
    }

    /** A UUIDv7-shaped id whose order follows {@code low}. */
    static UUID id(long low) {
        return new UUID(0x0190_0000_0000_7000L, 0x8000_0000_0000_0000L | low);
    }
}
