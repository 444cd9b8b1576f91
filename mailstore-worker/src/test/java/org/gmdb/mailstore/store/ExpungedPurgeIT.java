package org.gmdb.mailstore.store;

import static org.gmdb.mailstore.store.Events.at;
import static org.gmdb.mailstore.store.Events.deliver;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.query.Sort;
import org.gmdb.schema.shard.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The purge of expunged messages on real MariaDB: what goes, what stays, and that replicas
 * purging at different moments, with events arriving before or after, end with equal dumps.
 */
class ExpungedPurgeIT {

    private static final String U = "purge@example.com";
    private static final int BATCH = 500;
    @RegisterExtension
    static final Replicas replicas = new Replicas("purge", 3);

    @Test
    void shouldDeleteBytesAndFlagsOfAMessageOnceTheRetentionAfterItsFirstExpungeHasPassed() {
        MailEvent.Deliver d = deliver(at(1_000, U), "INBOX", "gone", "\\Seen", "work");
        MailEvent.Deliver kept = deliver(at(1_500, U), "INBOX", "kept", "\\Seen");
        apply(0, d, kept, Events.expunge(at(3_000, U), d.id()), Events.expunge(at(2_000, U), d.id()));
        ExpungedPurge purge = new ExpungedPurge(db(0));

        assertEquals(new ExpungedPurge.Report(0, 0, 0, 0), purge.purgeUpTo(1_999, BATCH), "first expunge at 2000");
        ExpungedPurge.Report report = purge.purgeUpTo(2_000, BATCH);

        assertEquals(new ExpungedPurge.Report(1, 1, d.message().length, 2), report);
        assertEquals(1, count(Tables.MESSAGE_CONTENT), "only the kept message's bytes");
        assertEquals(List.of("\\Seen"), flagsOf(kept.id()));
        assertEquals(List.of(), flagsOf(d.id()));
        MailQueries q = new MailQueries(db(0));
        assertThrows(UnknownMessageException.class, () -> q.fetch(U, d.id()));
        assertArrayEquals(kept.message(), q.fetch(U, kept.id()).raw());
        assertTrue(new CanonicalDump(db(0)).dump().contains("message \"" + U + "\" " + d.id() + " purged\n"));
        assertEquals(new ExpungedPurge.Report(0, 0, 0, 0), purge.purgeUpTo(Long.MAX_VALUE, BATCH), "done once");
    }

    @Test
    void shouldPurgeInBatchesOfTheGivenSize() {
        for (int i = 0; i < 7; i++) {
            MailEvent.Deliver d = deliver(at(1_000 + i, U), "INBOX", "m" + i);
            apply(0, d, Events.expunge(at(2_000 + i, U), d.id()));
        }
        ExpungedPurge purge = new ExpungedPurge(db(0));
        assertEquals(3, purge.purgeBatch(Long.MAX_VALUE, 3).messages());
        assertEquals(4, count(Tables.MESSAGE_CONTENT));
        assertEquals(4, purge.purgeUpTo(Long.MAX_VALUE, 3).messages());
        assertEquals(0, count(Tables.MESSAGE_CONTENT));
    }

    @Test
    void shouldKeepBytesThatACopyStillShows() {
        MailEvent.Deliver d = deliver(at(1_000, U), "INBOX", "copied");
        MailEvent.Copy c = new MailEvent.Copy(at(1_500, U), d.id(), "Saved", Set.of());
        apply(0, d, c, Events.expunge(at(2_000, U), d.id()));

        assertEquals(new ExpungedPurge.Report(1, 0, 0, 0), new ExpungedPurge(db(0)).purgeUpTo(Long.MAX_VALUE, BATCH));

        assertArrayEquals(d.message(), new MailQueries(db(0)).fetch(U, c.id()).raw());
        apply(0, Events.expunge(at(4_000, U), c.id()));
        assertEquals(new ExpungedPurge.Report(1, 1, d.message().length, 0),
                new ExpungedPurge(db(0)).purgeUpTo(Long.MAX_VALUE, BATCH), "the last message showing them");
    }

    @Test
    void shouldIgnoreLateEventsForAPurgedMessageSoThatReplicasPurgingAtOtherMomentsAgree() {
        MailEvent.Deliver d = deliver(at(1_000, U), "INBOX", "m", "\\Seen");
        MailEvent.Expunge x = Events.expunge(at(2_000, U), d.id());
        List<MailEvent> late = List.of(d, Events.set(at(2_500, U), d.id(), "\\Flagged"),
                Events.move(at(3_000, U), d.id(), "Archive"), Events.clear(at(3_500, U), d.id(), "\\Seen"));
        // Replica 0 purges as soon as it has the expunge; the deliver and the rest come later.
        apply(0, x);
        new ExpungedPurge(db(0)).purgeUpTo(2_000, BATCH);
        apply(0, late.toArray(MailEvent[]::new));
        // Replica 1 has everything first, so the move stamped after the expunge shows the message again...
        apply(1, late.toArray(MailEvent[]::new));
        apply(1, x);
        assertEquals(1, new MailQueries(db(1)).counts(U, "Archive").messages());
        // ...until its purge, which counts from the first expunge all the same.
        new ExpungedPurge(db(1)).purgeUpTo(2_000, BATCH);

        assertEquals(new CanonicalDump(db(0)).dump(), new CanonicalDump(db(1)).dump());
        for (int r = 0; r < 2; r++) {
            MailQueries q = new MailQueries(db(r));
            assertEquals(0, q.counts(U, null).messages());
            assertThrows(UnknownMessageException.class, () -> q.fetch(U, d.id()));
        }
        assertEquals(0, count(Tables.MESSAGE_CONTENT));
        assertEquals(0, count(Tables.MESSAGE_FLAG));
    }

    @Test
    void shouldRebuildAReplicaFromAPeerThatPurgedWithoutGettingTheBytesBack() throws Exception {
        MailEvent.Deliver gone = deliver(at(1_000, U), "INBOX", "gone", "\\Seen");
        MailEvent.Deliver kept = deliver(at(1_100, U), "INBOX", "kept");
        List<MailEvent> events = List.of(gone, kept, Events.set(at(1_500, U), gone.id(), "work"),
                Events.expunge(at(2_000, U), gone.id()));
        apply(0, events.toArray(MailEvent[]::new));
        new ExpungedPurge(db(0)).purgeUpTo(2_000, BATCH);
        // Replica 1 had everything and has not purged yet: it sends the deliver back with its bytes.
        apply(1, events.toArray(MailEvent[]::new));

        EventLog purged = new EventLog(db(0));
        Map<UUID, EventLog.Payload> fromPurged = new LinkedHashMap<>();
        for (EventLog.Payload p : purged.payloads(purged.eventIds(0))) {
            fromPurged.put(p.id(), p);
        }
        EventLog.Payload standIn = fromPurged.get(gone.id());
        MailEvent stub = EventCodec.decode(standIn.bytes());
        assertEquals(new MailEvent.Expunge(gone.header(), List.of(gone.id())), stub, "no bytes for a purged deliver");
        assertArrayEquals(EventLog.digestOf(gone), standIn.sha256(), "the stand-in is logged as the deliver");
        EventLog unpurged = new EventLog(db(1));
        byte[] fromUnpurged = unpurged.payloads(List.of(gone.id())).get(0).bytes();
        assertEquals(gone, EventCodec.decode(fromUnpurged));

        // A peer that purged ignores the deliver coming back: it is in its log already; a peer
        // that did not takes the stand-in, with the deliver's digest, as that same version.
        assertEquals(0, new EventApplier(db(0)).apply(EventCodec.decode(fromUnpurged)).applied());
        assertEquals(0, new EventApplier(db(1)).apply(List.of(stub), Map.of(stub, standIn.sha256())).applied());
        assertEquals(0, unpurged.conflicts(), "a stand-in is no conflicting version");
        // A wiped replica rebuilt from the purged peer logs every id and never holds the bytes.
        EventApplier rebuilt = new EventApplier(db(2));
        for (EventLog.Payload p : fromPurged.values()) {
            MailEvent e = EventCodec.decode(p.bytes());
            rebuilt.apply(List.of(e), Map.of(e, p.sha256()));
        }
        assertEquals(1, new MailQueries(db(2)).counts(U, null).messages(), "the kept message alone shows");
        assertEquals(purged.digests(0, 0), new EventLog(db(2)).digests(0, 0));
        new ExpungedPurge(db(2)).purgeUpTo(2_000, BATCH);
        new ExpungedPurge(db(1)).purgeUpTo(2_000, BATCH);

        String dump = new CanonicalDump(db(0)).dump();
        assertEquals(dump, new CanonicalDump(db(1)).dump());
        assertEquals(dump, new CanonicalDump(db(2)).dump());
        assertArrayEquals(kept.message(), new MailQueries(db(2)).fetch(U, kept.id()).raw());
        assertEquals(3, count(Tables.MESSAGE_CONTENT), "one kept message on each replica");
    }

    @Test
    void shouldGiveAPurgedMessageNoBytesBackFromALateVersionOfItsIdThatWins() {
        MailEvent.Deliver first = deliver(at(1_000, U), "INBOX", "first");
        MailEvent.Deliver lower = version(first, -1);
        MailEvent gone = Events.expunge(at(2_000, U), first.id());
        apply(0, first, gone);
        new ExpungedPurge(db(0)).purgeUpTo(2_000, BATCH);

        apply(0, lower);

        MailQueries q = new MailQueries(db(0));
        assertEquals(0, q.counts(U, null).messages(), "the lower version holds the id, purged");
        assertThrows(UnknownMessageException.class, () -> q.fetch(U, first.id()));
        assertEquals(0, count(Tables.MESSAGE_CONTENT));
        assertEquals(0, db(0).dsl().fetchCount(Tables.MESSAGE, Tables.MESSAGE.CONTENT_ID.isNotNull()), "no content named");
        assertEquals(1, new EventLog(db(0)).conflicts());
        assertTrue(new CanonicalDump(db(0)).dump().contains("message \"" + U + "\" " + first.id() + " purged\n"));
    }

    @Test
    void shouldKeepALateLosingVersionAsItsOwnMessageOnEveryReplicaAlike() {
        MailEvent.Deliver first = deliver(at(1_000, U), "INBOX", "first");
        MailEvent.Deliver higher = version(first, 1);
        MailEvent gone = Events.expunge(at(2_000, U), first.id());
        apply(0, first, gone);
        new ExpungedPurge(db(0)).purgeUpTo(2_000, BATCH);
        apply(0, higher);
        apply(1, higher, gone, first);
        new ExpungedPurge(db(1)).purgeUpTo(2_000, BATCH);

        assertEquals(new CanonicalDump(db(0)).dump(), new CanonicalDump(db(1)).dump());
        UUID derived = EventVersions.derivedId(first.id(), EventLog.digestOf(higher));
        for (int r = 0; r < 2; r++) {
            MailQueries q = new MailQueries(db(r));
            assertEquals(1, q.counts(U, null).messages(), "the expunge named the id, not the losing version's message");
            assertArrayEquals(higher.message(), q.fetch(U, derived).raw());
        }
    }

    /** Another deliver under the event's id whose digest sorts below ({@code sign} < 0) or above it. */
    private static MailEvent.Deliver version(MailEvent.Deliver e, int sign) {
        for (int i = 0; ; i++) {
            MailEvent.Deliver v = deliver(e.header(), "INBOX", "version " + i);
            if (Integer.signum(Arrays.compareUnsigned(EventLog.digestOf(v), EventLog.digestOf(e))) == sign) {
                return v;
            }
        }
    }

    private static void apply(int replica, MailEvent... events) {
        EventApplier applier = new EventApplier(db(replica));
        for (MailEvent e : events) {
            applier.apply(e);
        }
    }

    private static ShardDatabase db(int replica) {
        return replicas.dbs.get(replica);
    }

    /** Rows of the table summed over the replicas. */
    private static int count(org.jooq.Table<?> table) {
        int n = 0;
        for (ShardDatabase db : replicas.dbs) {
            n += db.dsl().fetchCount(table);
        }
        return n;
    }

    private static List<String> flagsOf(UUID message) {
        return db(0).dsl().select(Tables.MESSAGE_FLAG.FLAG).from(Tables.MESSAGE_FLAG)
                .where(Tables.MESSAGE_FLAG.MESSAGE_ID.eq(org.gmdb.mail.event.EventIds.toBytes(message)))
                .and(Tables.MESSAGE_FLAG.IS_SET.isTrue()).orderBy(Tables.MESSAGE_FLAG.FLAG).fetch(Tables.MESSAGE_FLAG.FLAG);
    }
}
