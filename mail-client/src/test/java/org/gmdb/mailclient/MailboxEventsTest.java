package org.gmdb.mailclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.gmdb.mail.event.EventCodec;
import org.gmdb.mail.event.MailEvent;
import org.gmdb.mail.event.MalformedEventException;
import org.gmdb.mail.event.Op;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MailboxEventsTest {

    private static final String USER = "Dave@Example.NET"; // shard 2 of 2
    private static final UUID MESSAGE = Summaries.id(42);

    private final FakeTransport transport = new FakeTransport();
    private final MailClient client = MailClient.builder().transport(transport)
            .layout(ShardLayout.uniform(2, "a", "b")).maxMessageSize(100).build();

    @AfterEach
    void close() {
        client.close();
    }

    private MailEvent onlyEvent() {
        var calls = transport.background();
        assertEquals(List.of("mail2@a", "mail2@b"), calls.stream().map(FakeTransport.Call::function).toList());
        assertEquals(calls.get(0).unique(), calls.get(1).unique());
        try {
            MailEvent event = EventCodec.decode(calls.get(0).payload());
            assertEquals(UUID.fromString(calls.get(0).unique()), event.id());
            assertEquals("dave@example.net", event.user());
            return event;
        } catch (MalformedEventException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldSendAMoveToEveryReplicaOfTheUsersShard() {
        WriteReceipt receipt = client.move(USER, List.of(MESSAGE), "Archive", Durability.QUEUED).join();

        var move = assertInstanceOf(MailEvent.Move.class, onlyEvent());
        assertEquals(List.of(MESSAGE), move.messages());
        assertEquals("Archive", move.mailbox());
        assertEquals(Op.MOVE, receipt.op());
        assertEquals(2, receipt.shard());
    }

    @Test
    void shouldSendFlagChangesInTheirNormalForm() {
        client.setFlags(USER, List.of(MESSAGE), Set.of("\\SEEN", "$Work"), Durability.QUEUED).join();

        var set = assertInstanceOf(MailEvent.SetFlags.class, onlyEvent());
        assertEquals(Set.of("\\Seen", "$Work"), set.flags());
    }

    @Test
    void shouldGiveTheCopysNewIdInTheReceipt() {
        WriteReceipt receipt = client.copy(USER, MESSAGE, "Kept", Set.of(), Durability.QUEUED).join();

        var copy = assertInstanceOf(MailEvent.Copy.class, onlyEvent());
        assertEquals(receipt.eventId(), copy.id());
        assertEquals(MESSAGE, copy.message());
    }

    @Test
    void shouldSendMailboxLifecycleEvents() {
        client.renameMailbox(USER, "Old", "New", Durability.QUEUED).join();

        var rename = assertInstanceOf(MailEvent.RenameMailbox.class, onlyEvent());
        assertEquals("Old", rename.mailbox());
        assertEquals("New", rename.to());
    }

    @Test
    void shouldFailTheFutureForARenameToItselfAndSendNothing() {
        var e = assertThrows(CompletionException.class,
                () -> client.renameMailbox(USER, "inbox", "INBOX", Durability.QUEUED).join());

        assertEquals("rename of mailbox 'INBOX' to itself", e.getCause().getMessage());
        assertTrue(transport.calls.isEmpty());
    }

    @Test
    void shouldFailAnExpungeOfNoMessages() {
        var e = assertThrows(CompletionException.class, () -> client.expunge(USER, List.of(), Durability.QUEUED).join());

        assertEquals("no message ids (expected: at least 1)", e.getCause().getMessage());
    }

    @Test
    void shouldRefuseAnOversizeAppendWithNumbers() {
        var e = assertThrows(CompletionException.class,
                () -> client.append(USER, "Sent", Set.of(), null, new byte[101], Durability.QUEUED).join());

        assertEquals("message size 101 (expected: <= 100)", e.getCause().getMessage());
        assertTrue(transport.calls.isEmpty());
    }

    @Test
    void shouldAppendWithItsInternalDate() {
        client.append(USER, "Sent", Set.of("\\Seen"), 1_700_000_000_000L, "x".getBytes(), Durability.QUEUED).join();

        var append = assertInstanceOf(MailEvent.Append.class, onlyEvent());
        assertEquals(1_700_000_000_000L, append.internalDate());
        assertEquals("Sent", append.mailbox());
    }
}
