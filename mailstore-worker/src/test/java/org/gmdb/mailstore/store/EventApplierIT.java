package org.gmdb.mailstore.store;

import static org.gmdb.mailstore.store.Events.at;
import static org.gmdb.mailstore.store.Events.deliver;
import static org.gmdb.mailstore.store.Events.now;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.query.MailboxInfo;
import org.gmdb.mail.event.query.MessageSummary;
import org.gmdb.mail.event.query.QueryRequest;
import org.gmdb.mail.event.query.QueryResponse;
import org.gmdb.mail.event.query.SearchCriteria;
import org.gmdb.mail.event.query.Sort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventApplierIT {

    private static String name;
    private static ShardDatabase db;
    private static EventApplier applier;
    private static MailQueries queries;

    @BeforeAll
    static void openDatabase() {
        TestDatabases.allowBigPackets();
        name = TestDatabases.create("applier");
        db = TestDatabases.open(name);
        applier = new EventApplier(db);
        queries = new MailQueries(db);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
        TestDatabases.drop(name);
    }

    @Test
    void shouldListDeliveredMessagesWithParsedHeadersFlagsAndUids() {
        String user = "basic@example.com";
        MailEvent.Deliver first = deliver(at(1_000, user), "INBOX", "first", "\\Seen");
        MailEvent.Deliver second = deliver(at(2_000, user), "INBOX", "second");
        assertEquals(new EventApplier.Result(2, 0), applier.apply(List.of(first, second)));

        List<MailboxInfo> boxes = queries.listMailboxes(user);
        assertEquals(1, boxes.size());
        MailboxInfo inbox = boxes.get(0);
        assertEquals("INBOX", inbox.name());
        assertEquals(2, inbox.messages());
        assertEquals(1, inbox.unseen());
        assertEquals(3, inbox.uidnext());

        QueryResponse.MessageList list = queries.listMessages(user, "inbox", Sort.UID, false, null, null);
        assertEquals(List.of(first.id(), second.id()), list.messages().stream().map(MessageSummary::id).toList());
        MessageSummary s = list.messages().get(0);
        assertEquals(1L, s.uid());
        assertEquals("Bob <bob@example.org>", s.from());
        assertEquals("first", s.subject());
        assertEquals(1_764_410_400_000L, s.date());
        assertEquals(1_000L, s.internalDate());
        assertEquals(List.of("\\Seen"), s.flags());
        assertEquals(inbox.uidvalidity(), list.uidvalidity());

        List<MessageSummary> newestFirst = queries.search(SearchCriteria.ofUser(user), Sort.ARRIVAL, true, 1);
        assertEquals(List.of(second.id()), newestFirst.stream().map(MessageSummary::id).toList());

        QueryResponse.CountsResult counts = queries.counts(user, null);
        assertEquals(2, counts.messages());
        assertEquals(1, counts.unseen());
        assertEquals(first.message().length + second.message().length, counts.bytes());
    }

    @Test
    void shouldSearchByHeaderFlagsAndDatesAcrossUsers() {
        MailEvent.Deliver a = deliver(at(10_000, "search-a@example.com"), "INBOX", "Invoice 42", "\\Flagged");
        MailEvent.Deliver b = deliver(at(20_000, "search-b@example.com"), "Work", "invoice 43");
        MailEvent.Deliver c = deliver(at(30_000, "search-b@example.com"), "Work", "lunch");
        applier.apply(List.of(a, b, c));

        List<UUID> invoices = ids(queries.search(new SearchCriteria(null, null, null, null, "INVOICE", null, null, null,
                null, null, null, null), Sort.ARRIVAL, false, 10));
        assertEquals(List.of(a.id(), b.id()), invoices);
        assertEquals(List.of(a.id()), ids(queries.search(SearchCriteria.ofUser(null).withSubject("invoice")
                .withFlags(Set.of("\\flagged"), null), Sort.DATE, false, 10)));
        assertEquals(List.of(b.id()), ids(queries.search(SearchCriteria.ofUser(null).withSubject("invoice")
                .withFlags(null, Set.of("\\Flagged")), Sort.DATE, false, 10)));
        assertEquals(List.of(b.id(), c.id()), ids(queries.search(SearchCriteria.ofUser("search-b@example.com")
                .withMailbox("Work").withArrival(15_000L, 31_000L), Sort.UID, false, 10)));
        assertEquals(List.of(c.id()), ids(queries.search(SearchCriteria.ofUser("search-b@example.com")
                .withFrom("BOB@example.org").withSubject("lun"), Sort.DATE, false, 10)));
    }

    @Test
    void shouldIgnoreReplayedEventsInLaterAndInTheSameBatch() {
        String user = "replay@example.com";
        MailEvent.Deliver d = deliver(now(user), "INBOX", "once");
        MailEvent.SetFlags seen = Events.set(now(user), d.id(), "\\Seen");
        applier.apply(List.of(d, seen));
        String before = new CanonicalDump(db).dump();

        assertEquals(new EventApplier.Result(0, 3), applier.apply(List.of(d, seen, d)));
        assertEquals(new EventApplier.Result(0, 1), applier.apply(d));
        assertEquals(before, new CanonicalDump(db).dump());
        assertEquals(1, queries.counts(user, "INBOX").messages());
        assertEquals(2L, queries.listMailboxes(user).get(0).uidnext());
    }

    @Test
    void shouldStoreBrokenMimeByteIdenticalAndStillSearchWhatParses() {
        String user = "broken@example.com";
        byte[] raw = ("Subject: =?utf-8?B?broken base64!!?=\r\nFrom: <<<not an address\r\nDate: yesterday-ish\r\n"
                + "Content-Type: multipart/mixed; boundary=\"never-closed\"\r\n\r\n--never-closed\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n@@@not base64@@@\r\n").getBytes(StandardCharsets.ISO_8859_1);
        MailEvent.Deliver d = new MailEvent.Deliver(now(user), "INBOX", Set.of(), raw);
        applier.apply(d);

        QueryResponse.FetchedMessage fetched = queries.fetch(user, d.id());
        assertArrayEquals(raw, fetched.raw());
        assertNull(fetched.message().date());
        assertEquals("<<<not an address", fetched.message().from());
        assertEquals(raw.length, fetched.message().size());
    }

    @Test
    void shouldStoreMessagesWithoutHeadersOrEmptyByteIdentical() {
        String user = "headless@example.com";
        byte[] noHeaders = "just a body, no header block at all".getBytes(StandardCharsets.UTF_8);
        MailEvent.Deliver a = new MailEvent.Deliver(now(user), "INBOX", Set.of(), noHeaders);
        MailEvent.Deliver b = new MailEvent.Deliver(now(user), "INBOX", Set.of(), new byte[0]);
        applier.apply(List.of(a, b));
        assertArrayEquals(noHeaders, queries.fetch(user, a.id()).raw());
        assertArrayEquals(new byte[0], queries.fetch(user, b.id()).raw());
    }

    @Test
    void shouldStoreEightBitAndThirtyMegabyteMessagesByteIdentical() throws Exception {
        String user = "big@example.com";
        byte[] eightBit = ("Subject: Gr\u00fc\u00dfe \u2603\r\nFrom: J\u00f6rg <j@x>\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "Subject: caf\u00e9\r\n\r\n\u00ff\u00fe\u0000body\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] big = new byte[30 * 1024 * 1024];
        new Random(7).nextBytes(big);
        System.arraycopy("Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, big, 0, 16);
        MailEvent.Deliver d1 = new MailEvent.Deliver(now(user), "INBOX", Set.of(), eightBit);
        MailEvent.Deliver d2 = new MailEvent.Deliver(now(user), "INBOX", Set.of(), latin1);
        // Through the wire codec too, as a job would bring it.
        MailEvent d3 = EventCodec.decode(EventCodec.encode(new MailEvent.Deliver(now(user), "INBOX", Set.of(), big)));
        applier.apply(List.of(d1, d2));
        applier.apply(d3);

        assertArrayEquals(eightBit, queries.fetch(user, d1.id()).raw());
        assertEquals("Gr\u00fc\u00dfe \u2603", queries.fetch(user, d1.id()).message().subject());
        assertArrayEquals(latin1, queries.fetch(user, d2.id()).raw());
        assertEquals("caf\u00e9", queries.fetch(user, d2.id()).message().subject());
        QueryResponse.FetchedMessage fetched = queries.fetch(user, d3.id());
        assertArrayEquals(big, fetched.raw());
        assertEquals("big", fetched.message().subject());
    }

    @Test
    void shouldApplyABatchOfNewAndKnownUsersWhoseContentNeedsSeveralInserts() {
        // A 3000-byte cap fits a 1500- and a 1400-byte message, not a third: four content INSERTs of two rows.
        EventApplier small = new EventApplier(db, 3000);
        String known = "batch-known@example.com";
        small.apply(deliver(at(1_000, known), "Work", "before"));
        List<MailEvent> batch = new ArrayList<>();
        List<String> users = List.of(known, "batch-new1@example.com", "batch-new2@example.com", "batch-new3@example.com");
        for (String user : users) {
            batch.add(new MailEvent.Deliver(at(2_000, user), "INBOX", Set.of("\\Seen"), body(user + " inbox", 1500)));
            batch.add(new MailEvent.Deliver(at(3_000, user), "Work", Set.of(), body(user + " work", 1400)));
        }
        assertEquals(new EventApplier.Result(8, 0), small.apply(batch));

        for (MailEvent e : batch) {
            assertArrayEquals(((MailEvent.Deliver) e).message(), queries.fetch(e.user(), e.id()).raw());
        }
        for (String user : users) {
            long workMessages = user.equals(known) ? 2 : 1;
            List<MailboxInfo> boxes = queries.listMailboxes(user);
            assertEquals(List.of("INBOX", "Work"), boxes.stream().map(MailboxInfo::name).toList());
            assertEquals(1, boxes.get(0).messages());
            assertEquals(0, boxes.get(0).unseen());
            assertEquals(2, boxes.get(0).uidnext());
            assertEquals(workMessages, boxes.get(1).messages());
            assertEquals(workMessages + 1, boxes.get(1).uidnext());
        }
    }

    private static byte[] body(String subject, int size) {
        byte[] head = ("Subject: " + subject + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] raw = new byte[size];
        Arrays.fill(raw, (byte) 'x');
        System.arraycopy(head, 0, raw, 0, head.length);
        return raw;
    }

    @Test
    void shouldRefuseAMessageLargerThanTheLimitWithNumbers() {
        assertTrue(db.maxMessageSize() >= 64L * 1024 * 1024, "max_allowed_packet " + db.maxAllowedPacket());
        EventApplier small = new EventApplier(db, 1000);
        byte[] tooBig = new byte[1001];
        StoreException e = assertThrows(StoreException.class,
                () -> small.apply(new MailEvent.Deliver(now("huge@example.com"), "INBOX", Set.of(), tooBig)));
        assertTrue(e.getMessage().contains("size 1001 (expected: <= 1000, set by the store's cap)"), e.getMessage());
        assertThrows(UnknownUserException.class, () -> queries.listMailboxes("huge@example.com"));
    }

    @Test
    void shouldGiveClearErrorsForUnknownUserMailboxAndMessage() {
        UnknownUserException user = assertThrows(UnknownUserException.class, () -> queries.listMailboxes("Nobody@Example.com"));
        assertTrue(user.getMessage().contains("unknown user nobody@example.com"), user.getMessage());
        applier.apply(deliver(now("known@example.com"), "INBOX", "hi"));
        UnknownMailboxException box = assertThrows(UnknownMailboxException.class,
                () -> queries.listMessages("known@example.com", "Nope", Sort.UID, false, 10, null));
        assertTrue(box.getMessage().contains("unknown mailbox 'Nope' of user known@example.com"), box.getMessage());
        UUID missing = UUID.randomUUID();
        UnknownMessageException msg = assertThrows(UnknownMessageException.class,
                () -> queries.fetch("known@example.com", missing));
        assertTrue(msg.getMessage().contains(missing.toString()), msg.getMessage());
        QueryResponse.MailboxList viaAnswer = (QueryResponse.MailboxList) queries.answer(
                new QueryRequest.ListMailboxes("KNOWN@example.com"));
        assertEquals("known@example.com", viaAnswer.user());
    }

    @Test
    void shouldMoveFlagAndExpungeWithGrowingModseqAndVanishedUids() {
        String user = "imap@example.com";
        MailEvent.Deliver a = deliver(at(1_000, user), "INBOX", "a");
        MailEvent.Deliver b = deliver(at(1_001, user), "INBOX", "b");
        applier.apply(List.of(a, b));
        long modseq = queries.listMessages(user, "INBOX", Sort.UID, false, null, null).highestModseq();

        applier.apply(List.of(Events.set(at(2_000, user), b.id(), "\\Seen"), Events.move(at(2_001, user), a.id(), "Archive")));
        QueryResponse.MessageList changed = queries.listMessages(user, "INBOX", Sort.UID, false, null, modseq);
        assertEquals(List.of(b.id()), ids(changed.messages()));
        assertEquals(List.of(1L), changed.vanished());
        assertTrue(changed.highestModseq() > modseq);
        assertEquals(List.of("Archive", "INBOX"), queries.listMailboxes(user).stream().map(MailboxInfo::name).toList());
        assertEquals(1L, queries.listMessages(user, "Archive", Sort.UID, false, null, null).messages().get(0).uid());

        applier.apply(Events.expunge(at(3_000, user), b.id()));
        assertEquals(0, queries.counts(user, "INBOX").messages());
        assertEquals(3L, queries.listMailboxes(user).get(1).uidnext());
        assertThrows(UnknownMessageException.class, () -> queries.fetch(user, b.id()));
    }

    private static List<UUID> ids(List<MessageSummary> list) {
        return list.stream().map(MessageSummary::id).toList();
    }
}
