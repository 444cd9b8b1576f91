package org.gmdb.mailstore.store;

import static org.gmdb.mailstore.store.Events.at;
import static org.gmdb.mailstore.store.Events.deliver;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.query.MailboxInfo;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mail.event.query.Sort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each rule of {@link EventApplier}'s Javadoc, shown on two replicas that receive the same
 * events in opposite orders: both end in the state the rule promises, with equal dumps,
 * and show what {@link StoreModel} says.
 */
class OrderingRulesIT {

    private static final String U = "rules@example.com";
    @RegisterExtension
    static final Replicas replicas = new Replicas("rules", 2);

    @Test
    void shouldKeepALaterMoveThatArrivesBeforeItsDeliver() {
        MailEvent.Deliver d = deliver(at(1_000, U), "INBOX", "m");
        applyBothWays(d, Events.move(at(2_000, U), d.id(), "Archive"));
        for (MailQueries q : queries()) {
            List<MessageSummary> archive = q.listMessages(U, "Archive", Sort.UID, false, null, null).messages();
            assertEquals(d.id(), archive.get(0).id());
            assertEquals(1L, archive.get(0).uid());
            assertEquals(0, q.counts(U, "INBOX").messages());
        }
    }

    @Test
    void shouldRemoveAMessageWhoseExpungeArrivesBeforeItsDeliver() {
        MailEvent.Deliver d = deliver(at(1_000, U), "INBOX", "m");
        applyBothWays(d, Events.expunge(at(2_000, U), d.id()));
        for (MailQueries q : queries()) {
            assertEquals(0, q.counts(U, null).messages());
            assertThrows(UnknownMessageException.class, () -> q.fetch(U, d.id()));
        }
    }

    @Test
    void shouldBringBackAMessageMovedAfterItsExpunge() {
        MailEvent.Deliver d = deliver(at(1_000, U), "INBOX", "m");
        applyBothWays(d, Events.expunge(at(2_000, U), d.id()), Events.move(at(3_000, U), d.id(), "Keep"));
        for (MailQueries q : queries()) {
            assertEquals(1, q.counts(U, "Keep").messages());
        }
    }

    @Test
    void shouldShowACopyOnceItsSourceArrivesWithTheCopysFlags() {
        MailEvent.Deliver d = deliver(at(1_000, U), "INBOX", "m", "\\Seen");
        MailEvent.Copy c = new MailEvent.Copy(at(2_000, U), d.id(), "Saved", Set.of("\\Flagged"));
        EventApplier first = new EventApplier(replicas.dbs.get(0));
        first.apply(c);
        MailQueries q0 = new MailQueries(replicas.dbs.get(0));
        assertEquals(0, q0.counts(U, null).messages());
        first.apply(d);
        new EventApplier(replicas.dbs.get(1)).apply(List.of(d, c));
        assertEqualDumps();
        for (MailQueries q : queries()) {
            MessageSummary copy = q.listMessages(U, "Saved", Sort.UID, false, null, null).messages().get(0);
            assertEquals(c.id(), copy.id());
            assertEquals(List.of("\\Flagged"), copy.flags());
            assertEquals(1_000L, copy.internalDate());
            assertArrayEquals(d.message(), q.fetch(U, c.id()).raw());
        }
    }

    @Test
    void shouldSendALateDeliverThroughALaterRename() {
        MailEvent.Deliver old = deliver(at(1_000, U), "Projects", "old");
        MailEvent.Deliver newer = deliver(at(3_000, U), "Projects", "new");
        applyBothWays(old, new MailEvent.RenameMailbox(at(2_000, U), "Projects", "Archive/Projects"), newer);
        for (MailQueries q : queries()) {
            assertEquals(old.id(), q.listMessages(U, "Archive/Projects", Sort.UID, false, null, null)
                    .messages().get(0).id());
            // A deliver stamped after the rename re-creates the old name.
            assertEquals(newer.id(), q.listMessages(U, "Projects", Sort.UID, false, null, null).messages().get(0).id());
        }
    }

    @Test
    void shouldKeepAMailboxAliveWhileADeliveryRacingItsDeleteIsInIt() {
        MailEvent.Deliver racing = deliver(at(1_000, U), "Lists", "racing");
        applyBothWays(new MailEvent.CreateMailbox(at(500, U), "Empty"), racing,
                new MailEvent.DeleteMailbox(at(2_000, U), "Lists"), new MailEvent.DeleteMailbox(at(2_000, U), "Empty"));
        for (MailQueries q : queries()) {
            assertEquals(List.of("INBOX", "Lists"), q.listMailboxes(U).stream().map(MailboxInfo::name).toList());
            assertThrows(UnknownMailboxException.class, () -> q.listMessages(U, "Empty", Sort.UID, false, null, null));
        }
    }

    @Test
    void shouldResolveFlagsByTheLaterStampNotTheLaterArrival() {
        MailEvent.Deliver d = deliver(at(1_000, U), "INBOX", "m");
        applyBothWays(d, Events.set(at(3_000, U), d.id(), "\\Seen"), Events.clear(at(2_000, U), d.id(), "\\Seen"),
                Events.clear(at(2_500, U), d.id(), "work"), Events.set(at(1_500, U), d.id(), "work"));
        for (MailQueries q : queries()) {
            assertEquals(List.of("\\Seen"), q.fetch(U, d.id()).message().flags());
        }
    }

    @Test
    void shouldRebuildAWipedReplicaFromAPeersEventLog() throws Exception {
        MailEvent.Deliver d = deliver(at(1_000, U), "INBOX", "m");
        List<MailEvent> events = List.of(d, Events.move(at(2_000, U), d.id(), "A"),
                Events.set(at(3_000, U), d.id(), "\\Seen"), new MailEvent.CreateMailbox(at(4_000, U), "B"));
        new EventApplier(replicas.dbs.get(0)).apply(events);
        EventLog source = new EventLog(replicas.dbs.get(0));
        EventLog target = new EventLog(replicas.dbs.get(1));
        EventApplier targetApplier = new EventApplier(replicas.dbs.get(1));
        for (EventLog.BucketDigest digest : source.digests(Long.MIN_VALUE, Long.MAX_VALUE)) {
            for (EventLog.Payload payload : source.payloads(source.eventIds(digest.bucket()))) {
                targetApplier.apply(org.gmdb.mail.event.EventCodec.decode(payload.bytes()));
            }
        }
        assertEquals(source.digests(Long.MIN_VALUE, Long.MAX_VALUE), target.digests(Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(4, source.digests(0, 0).get(0).count());
        assertEqualDumps();
    }

    private static void applyBothWays(MailEvent... events) {
        List<MailEvent> forward = List.of(events);
        List<MailEvent> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        EventApplier a = new EventApplier(replicas.dbs.get(0));
        for (MailEvent e : forward) {
            a.apply(e);
        }
        EventApplier b = new EventApplier(replicas.dbs.get(1));
        for (MailEvent e : backward) {
            b.apply(e);
        }
        assertEqualDumps();
        String model = StoreModel.of(forward).visibleState();
        for (ShardDatabase db : replicas.dbs) {
            assertEquals(model, VisibleState.of(db), "what the rules' model says a reader sees");
        }
    }

    private static void assertEqualDumps() {
        assertEquals(new CanonicalDump(replicas.dbs.get(0)).dump(), new CanonicalDump(replicas.dbs.get(1)).dump());
    }

    private static List<MailQueries> queries() {
        return replicas.dbs.stream().map(MailQueries::new).toList();
    }
}
