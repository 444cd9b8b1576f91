package org.gmdb.mailstore.store;

import static org.gmdb.mailstore.store.Events.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.EventIds;
import org.gmdb.mail.event.MailEvent;
import org.junit.jupiter.api.Test;

class EventVersionsTest {

    private static final String U = "unit@example.com";

    @Test
    void shouldDeriveTheSameIdEverywhereKeepingTheTimeAndNamingVersionEight() {
        UUID id = EventIds.next();
        byte[] one = new byte[32];
        byte[] two = new byte[32];
        two[31] = 1;
        UUID derived = EventVersions.derivedId(id, one);
        assertEquals(derived, EventVersions.derivedId(id, one.clone()));
        assertNotEquals(derived, EventVersions.derivedId(id, two));
        assertNotEquals(id, derived);
        assertEquals(8, derived.version());
        assertEquals(2, derived.variant());
        assertArrayEquals(Arrays.copyOf(EventIds.toBytes(id), 6), Arrays.copyOf(EventIds.toBytes(derived), 6));
    }

    @Test
    void shouldDigestTheCanonicalPayload() {
        MailEvent.Deliver d = Events.deliver(at(1_000, U), "INBOX", "digest me", "\\Seen");
        assertArrayEquals(EventLog.sha256().digest(EventCodec.encode(d)), EventLog.digestOf(d));
        MailEvent flags = Events.set(at(2_000, U), d.id(), "$Work");
        assertArrayEquals(EventLog.sha256().digest(EventCodec.encode(flags)), EventLog.digestOf(flags));
    }

    @Test
    void shouldFindAnIdRepeatedWithOtherContentInABatch() {
        EventHeader h = at(1_000, U);
        MailEvent a = new MailEvent.Deliver(h, "INBOX", Set.of(), Events.message("a"));
        MailEvent same = new MailEvent.Deliver(h, "INBOX", Set.of(), Events.message("a"));
        MailEvent other = new MailEvent.Deliver(h, "INBOX", Set.of(), Events.message("b"));
        assertFalse(EventVersions.repeatsWithOtherContent(List.of(a, same, a), Map.of()));
        assertTrue(EventVersions.repeatsWithOtherContent(List.of(a, same, other), Map.of()));
    }

    @Test
    void shouldReMakeAnEventUnderAnotherIdWithEverythingElseKept() {
        MailEvent.Append append = new MailEvent.Append(at(1_000, U), "Drafts", Set.of("\\Draft"), 5L,
                Events.message("draft"));
        UUID other = EventIds.next();
        MailEvent.Append moved = (MailEvent.Append) EventVersions.withId(append, other);
        assertEquals(other, moved.id());
        assertEquals(new MailEvent.Append(new EventHeader(other, 1_000, "test", U), "Drafts", Set.of("\\Draft"), 5L,
                append.message()), moved);
    }
}
