package org.gmdb.mailstore.store;

import static org.gmdb.mailstore.store.Events.at;
import static org.gmdb.mailstore.store.Events.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gmdb.mail.event.EventHeader;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mail.event.query.Sort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One event id with two contents, given to two replicas in opposite orders (as a client
 * that reuses an id would, straight to each replica): both record the conflict and end
 * with the same state, the lowest digest holding the id and nothing dropped.
 */
class ConflictingVersionsIT {

    private static final String U = "versions@example.com";
    private static final String OTHER = "other@example.com";
    @RegisterExtension
    static final Replicas replicas = new Replicas("versions", 2);

    @Test
    void shouldKeepBothMessagesOfADeliverIdSentWithTwoContents() {
        EventHeader h = at(1_000, U);
        MailEvent.Deliver one = new MailEvent.Deliver(h, "INBOX", Set.of(), message("first version"));
        MailEvent.Deliver two = new MailEvent.Deliver(h, "INBOX", Set.of("\\Seen"), message("second version"));
        applyInOppositeOrders(one, two);

        MailEvent.Deliver winner = lower(one, two);
        for (int r = 0; r < 2; r++) {
            MailQueries q = new MailQueries(replicas.dbs.get(r));
            List<MessageSummary> inbox = q.listMessages(U, "INBOX", Sort.UID, false, null, null).messages();
            assertEquals(2, inbox.size(), "both versions' messages are in INBOX on replica " + r);
            assertArrayEquals(winner.message(), q.fetch(U, h.id()).raw(), "the id shows the lowest digest's bytes");
            Set<String> subjects = new HashSet<>();
            for (MessageSummary m : inbox) {
                subjects.add(new String(q.fetch(U, m.id()).raw()).lines().filter(l -> l.startsWith("Subject:"))
                        .findFirst().orElseThrow());
            }
            assertEquals(Set.of("Subject: first version", "Subject: second version"), subjects);
            assertEquals(1, new EventLog(replicas.dbs.get(r)).conflicts());
        }
    }

    @Test
    void shouldTreatTheSameIdWithTheSameContentAsANoOp() {
        MailEvent.Deliver d = Events.deliver(at(1_000, U), "INBOX", "once");
        EventApplier applier = new EventApplier(replicas.dbs.get(0));
        assertEquals(new EventApplier.Result(1, 0), applier.apply(d));
        String before = new CanonicalDump(replicas.dbs.get(0)).dump();
        MailEvent.Deliver again = new MailEvent.Deliver(d.header(), "INBOX", Set.of(), message("once"));
        assertEquals(new EventApplier.Result(0, 1), applier.apply(again));
        assertEquals(new EventApplier.Result(0, 2), applier.apply(List.of(d, again)));
        assertEquals(before, new CanonicalDump(replicas.dbs.get(0)).dump());
        assertEquals(0, new EventLog(replicas.dbs.get(0)).conflicts());
    }

    @Test
    void shouldSettleVersionsOfDifferentKindsAndUsersTheSameWayEverywhere() {
        MailEvent.Deliver target = Events.deliver(at(500, U), "INBOX", "target");
        EventHeader h = at(1_000, U);
        MailEvent copy = new MailEvent.Copy(h, target.id(), "Archive", Set.of("\\Flagged"));
        MailEvent move = new MailEvent.Move(h, List.of(target.id()), "Trash");
        MailEvent rename = new MailEvent.RenameMailbox(h, "INBOX", "Old");
        MailEvent elsewhere = new MailEvent.Deliver(new EventHeader(h.id(), h.timestamp(), "test", OTHER), "INBOX",
                Set.of(), message("for another user"));
        applyInOppositeOrders(target, copy, move, rename, elsewhere);
        for (ShardDatabase db : replicas.dbs) {
            assertEquals(1, new EventLog(db).conflicts());
        }
    }

    @Test
    void shouldSettleThreeVersionsArrivingInOneBatch() {
        EventHeader h = at(1_000, U);
        List<MailEvent> versions = List.of(
                new MailEvent.Deliver(h, "INBOX", Set.of(), message("a")),
                new MailEvent.Deliver(h, "A", Set.of(), message("b")),
                new MailEvent.Deliver(h, "INBOX", Set.of("\\Seen"), message("c")));
        new EventApplier(replicas.dbs.get(0)).apply(versions);
        EventApplier one = new EventApplier(replicas.dbs.get(1));
        for (int i = versions.size() - 1; i >= 0; i--) {
            one.apply(versions.get(i));
        }
        assertEqualDumps();
        MailQueries q = new MailQueries(replicas.dbs.get(0));
        assertEquals(3, q.counts(U, null).messages());
    }

    @Test
    void shouldShowTheConflictInTheCanonicalDump() {
        EventHeader h = at(1_000, U);
        new EventApplier(replicas.dbs.get(0)).apply(new MailEvent.Deliver(h, "INBOX", Set.of(), message("a")));
        new EventApplier(replicas.dbs.get(1)).apply(new MailEvent.Deliver(h, "INBOX", Set.of(), message("b")));
        assertNotEquals(new CanonicalDump(replicas.dbs.get(0)).dump(), new CanonicalDump(replicas.dbs.get(1)).dump(),
                "the same id with other content is a difference, not a match");
        assertNotEquals(new EventLog(replicas.dbs.get(0)).digests(Long.MIN_VALUE, Long.MAX_VALUE),
                new EventLog(replicas.dbs.get(1)).digests(Long.MIN_VALUE, Long.MAX_VALUE));
    }

    /** Every event to replica 0 in the order given, to replica 1 in reverse, one at a time. */
    private static void applyInOppositeOrders(MailEvent... events) {
        EventApplier forward = new EventApplier(replicas.dbs.get(0));
        for (MailEvent e : events) {
            forward.apply(e);
        }
        EventApplier backward = new EventApplier(replicas.dbs.get(1));
        for (int i = events.length - 1; i >= 0; i--) {
            backward.apply(events[i]);
        }
        assertEqualDumps();
    }

    private static void assertEqualDumps() {
        assertEquals(new CanonicalDump(replicas.dbs.get(0)).dump(), new CanonicalDump(replicas.dbs.get(1)).dump());
    }

    private static <T extends MailEvent> T lower(T a, T b) {
        return Arrays.compareUnsigned(EventLog.digestOf(a), EventLog.digestOf(b)) < 0 ? a : b;
    }
}
